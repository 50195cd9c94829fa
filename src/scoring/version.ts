import type { Models } from './models';

/** Bump whenever scoring logic changes, so stored scores say which logic produced them. */
export const SCORER_CODE_VERSION = '0.8.0';

export function scorerVersion(models: Pick<Models, 'version'>): string {
  return `${SCORER_CODE_VERSION}+${models.version}`;
}

import { isDatabaseUnavailable } from '../src/db/errors';
import type { Logger } from '../src/lib/logger';

/**
 * Logs a background round (the reconciler's, the rollup refresher's) that threw. Postgres away
 * (restarting, failing over) is expected and mends itself: the next round tries again, so it is a
 * warning, not an error an operator is paged for. Anything else is an error.
 */
export function logRoundFailure(logger: Logger, what: string, error: unknown): void {
  if (isDatabaseUnavailable(error)) logger.warn({ err: error }, `${what} skipped: database unavailable; the next round tries again`);
  else logger.error({ err: error }, `${what} failed`);
}

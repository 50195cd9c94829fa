import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS_DIR, sha256 } from '../../src/scoring/models';

export interface ManifestArtifact {
  name: string;
  path?: string;
  sha256?: string;
  [key: string]: unknown;
}

/** Rewrites models/manifest.json: `update` may edit artifacts; every listed file's sha256 is recomputed. */
export function refreshManifest(update: (artifacts: ManifestArtifact[]) => void = () => {}): void {
  const path = join(MODELS_DIR, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { artifacts: ManifestArtifact[] };
  update(manifest.artifacts);
  for (const artifact of manifest.artifacts) {
    if (artifact.path) artifact.sha256 = sha256(readFileSync(join(MODELS_DIR, artifact.path)));
  }
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Recomputes the sha256 of every file listed in models/manifest.json after an intended change. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS_DIR, sha256 } from '../src/scoring/models';

const path = join(MODELS_DIR, 'manifest.json');
const manifest = JSON.parse(readFileSync(path, 'utf8')) as { artifacts: { path?: string; sha256?: string }[] };
for (const artifact of manifest.artifacts) {
  if (artifact.path) artifact.sha256 = sha256(readFileSync(join(MODELS_DIR, artifact.path)));
}
writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`updated ${path}`);

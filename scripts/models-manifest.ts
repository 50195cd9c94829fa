/** Recomputes the sha256 of every file listed in models/manifest.json after an intended change. */
import { refreshManifest } from './lib/manifest';

refreshManifest();
console.log('updated models/manifest.json');

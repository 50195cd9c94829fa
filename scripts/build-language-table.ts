/**
 * npm run models:language
 *   Rewrites models/language/eld-xs60.json from the installed eld package (pinned in package.json)
 *   and refreshes the manifest. The scorer reads the table from models/, so an eld release cannot
 *   change language guesses without this file, and the scorer version, changing with it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS_DIR } from '../src/scoring/models';
import { buildLanguageTable } from '../src/training/language-table';
import { refreshManifest } from './lib/manifest';

const path = join(MODELS_DIR, 'language', 'eld-xs60.json');
mkdirSync(join(MODELS_DIR, 'language'), { recursive: true });
writeFileSync(path, `${JSON.stringify(await buildLanguageTable())}\n`);
refreshManifest();
console.log(`wrote ${path}`);

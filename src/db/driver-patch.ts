import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../lib/logger';

/** What scripts/patches/postgres+3.4.9.patch leaves in postgres.js's connection code. */
const PATCH_MARK = 'Patched by Parley (porsager/postgres#1208)';

function installedConnectionSource(): string {
  try {
    return readFileSync(join(dirname(fileURLToPath(import.meta.resolve('postgres'))), 'connection.js'), 'utf8');
  } catch {
    return '';
  }
}

/**
 * Warns at start when postgres.js runs without the patch `npm install` applies: an install with
 * `--ignore-scripts` (common in image builds) skips it, and a Postgres restart can then crash the
 * process (scripts/patches/README.md).
 */
export function warnIfDriverUnpatched(logger: Logger, connectionSource = installedConnectionSource()): void {
  if (connectionSource.includes(PATCH_MARK)) return;
  logger.warn(
    'postgres.js is not patched (installed with --ignore-scripts?): a transaction cut by a Postgres restart can crash this process; run npm install, or npx patch-package --patch-dir scripts/patches',
  );
}

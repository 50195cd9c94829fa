/** Release step: create the database if needed and apply migrations. Exits 1 on any failure. */
import { loadConfigOrExit } from '../src/config/env';
import { ensureDatabase, runMigrations } from '../src/db/migrate';

const config = loadConfigOrExit();
const timeout = setTimeout(() => {
  console.error('migration timed out after 120 s');
  process.exit(1);
}, 120_000);

try {
  if (await ensureDatabase(config.DATABASE_URL)) console.log('created database');
  await runMigrations(config.DATABASE_URL);
  console.log('migrations applied');
  clearTimeout(timeout);
} catch (error) {
  console.error('migration failed:', error);
  process.exit(1);
}

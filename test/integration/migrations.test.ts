import { connectPostgres } from '../../src/db/connect';
import { describe, expect, it } from 'vitest';
import { dropDatabase, ensureDatabase, runMigrations } from '../../src/db/migrate';
import { testConfig, uniqueId } from '../support/stack';

describe('migrations', () => {
  it('run from several processes at once apply once, and each run succeeds', async () => {
    const url = new URL(testConfig().DATABASE_URL);
    url.pathname = `/${uniqueId('migrate').replace(/-/g, '_')}`;
    const databaseUrl = url.toString();
    await ensureDatabase(databaseUrl);
    try {
      await Promise.all([runMigrations(databaseUrl), runMigrations(databaseUrl), runMigrations(databaseUrl)]);
      const sql = connectPostgres(databaseUrl, { max: 1, onnotice: () => {} });
      const [row] = await sql<{ applied: number; distinct: number }[]>`
        select count(*)::int as applied, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`;
      await sql.end();
      expect(row!.applied).toBeGreaterThan(10);
      expect(row!.applied).toBe(row!.distinct);
    } finally {
      await dropDatabase(databaseUrl);
    }
  }, 60_000);
});

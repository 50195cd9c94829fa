import { sql } from 'drizzle-orm';
import { Gauge, type Registry } from 'prom-client';
import type { Database, DbHandle } from '../db/client';
import { withinMs } from '../lib/within-ms';

const READ_TIMEOUT_MS = 1_000;

/**
 * This process's Postgres connections by state, as the server sees them (postgres.js keeps its pool
 * counts to itself): open connections carry this process's own application_name. The scrape's own
 * query is left out. "idle in transaction" that stays high means a transaction is being held open.
 */
export function registerPoolMetrics(registry: Registry, db: Database, { applicationName, max }: Pick<DbHandle, 'applicationName' | 'max'>): void {
  new Gauge({ name: 'parley_pg_pool_max', help: 'Most Postgres connections this process opens.', registers: [registry] }).set(max);
  new Gauge({
    name: 'parley_pg_pool_connections',
    help: "This process's open Postgres connections by server state (active, idle, idle in transaction).",
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await withinMs(READ_TIMEOUT_MS, () =>
        db.execute<{ state: string; n: number }>(sql`
          select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity
          where application_name = ${applicationName} and pid <> pg_backend_pid()
          group by 1`),
      ).catch(() => null);
      if (!rows) return;
      for (const state of ['active', 'idle', 'idle in transaction']) this.set({ state }, 0);
      for (const row of rows) this.set({ state: row.state }, row.n);
    },
  });
}

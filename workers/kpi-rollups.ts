import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../src/db/client';
import { refreshRollups } from '../src/db/queries/kpi-rollups';
import type { Logger } from '../src/lib/logger';

export interface RollupRefresher {
  /** Lets the batch in hand finish (it commits or rolls back whole), then stops. */
  stop(): Promise<void>;
}

/**
 * Keeps the KPI rollups current: rebuilds up to 14 marked days a round, and looks for marks every
 * `idleMs`. Every worker process runs one; an advisory lock lets one work at a time. After each
 * rebuild it rests twice as long as the rebuild took, and at least `idleMs`: during a
 * backfill, days are marked again as fast as they are rebuilt, and the refresher must not take
 * Postgres from the scoring (a query over days not yet rebuilt reads the conversations instead, so
 * answers stay exact).
 */
export function startRollupRefresher(db: Database, logger: Logger, idleMs = 1_000): RollupRefresher {
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      let rebuilt: number | null = 0;
      const started = performance.now();
      try {
        rebuilt = await refreshRollups(db);
        if (rebuilt) logger.debug({ days: rebuilt }, 'kpi rollups refreshed');
      } catch (error) {
        logger.error({ err: error }, 'kpi rollup refresh failed');
      }
      const rest = rebuilt ? Math.max(idleMs, 2 * (performance.now() - started)) : idleMs;
      await sleep(rest, undefined, { signal: stopping.signal }).catch(() => {});
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}

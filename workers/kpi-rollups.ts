import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../src/db/client';
import { refreshRollups } from '../src/db/queries/kpi-rollups';
import type { Logger } from '../src/lib/logger';

export interface RollupRefresher {
  /** Lets the batch in hand finish (it commits or rolls back whole), then stops. */
  stop(): Promise<void>;
}

/**
 * Keeps the KPI rollups current: looks for marked days every `idleMs` and rebuilds up to 14 a round.
 * Every worker process runs one; an advisory lock lets one work at a time, and the rounds are paced
 * across all of them (refreshRollups): after a round, the next waits twice as long as it took and at
 * least `idleMs`. During a backfill days are marked again as fast as they are rebuilt, and the
 * refreshers must not take Postgres and the workers' CPU from the scoring (a query over days not yet
 * rebuilt reads the conversations instead, so answers stay exact).
 */
export function startRollupRefresher(db: Database, logger: Logger, idleMs = 1_000): RollupRefresher {
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        const rebuilt = await refreshRollups(db, { paced: { minRestMs: idleMs } });
        if (rebuilt) logger.debug({ days: rebuilt }, 'kpi rollups refreshed');
      } catch (error) {
        logger.error({ err: error }, 'kpi rollup refresh failed');
      }
      await sleep(idleMs, undefined, { signal: stopping.signal }).catch(() => {});
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}

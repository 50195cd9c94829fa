import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../src/db/client';
import { refreshRollups } from '../src/db/queries/kpi-rollups';
import { withinMs } from '../src/lib/within-ms';
import type { Logger } from '../src/lib/logger';
import { logRoundFailure } from './round-failure';

export interface RollupRefresher {
  /** Lets the batch in hand finish (it commits or rolls back whole), then stops. */
  stop(): Promise<void>;
}

// A round's rest, in multiples of its length: a third of one connection's time normally. While
// background scoring waits, days are marked again as fast as they are rebuilt, and at a third the
// refreshers took a sixth of a backfill's throughput (bench:pipeline, 30,000 conversations:
// 885-947/s with them, 990-1,117/s without); at a twelfth, still a tenth (971-1,006/s). So
// during a backfill a round also rests at least BACKFILL_MIN_REST_MS.
const REST_FACTOR = 2;
const BACKFILL_REST_FACTOR = 11;
const BACKFILL_MIN_REST_MS = 15_000;
// A worker's Redis commands wait for Redis however long it is away: the rounds must not.
const BACKLOG_WAIT_MS = 1_000;
// A round takes no further day after this long. Its transaction is what a worker's shutdown waits
// for: 14 days of a backfilled workspace (240,000 conversations in a year) took 9 s, near the 10 s
// SHUTDOWN_TIMEOUT_MS.
const ROUND_BUDGET_MS = 2_000;

/**
 * Keeps the KPI rollups current: looks for marked days every `idleMs` and rebuilds up to 14 a round,
 * for at most about ROUND_BUDGET_MS.
 * Every worker process runs one; an advisory lock lets one work at a time, and the rounds are paced
 * across all of them (refreshRollups): after a round, the next waits REST_FACTOR times as long as it
 * took and at least `idleMs`, or BACKFILL_REST_FACTOR times and at least BACKFILL_MIN_REST_MS while
 * `backgroundBacklog` reports background jobs waiting. A query over days not yet rebuilt reads the
 * conversations instead, so answers stay exact whatever the pace; they are only slower (docs/kpis.md).
 */
export function startRollupRefresher(
  db: Database,
  logger: Logger,
  backgroundBacklog: () => Promise<number>,
  idleMs = 1_000,
): RollupRefresher {
  const stopping = new AbortController();
  // One question to Redis at a time: while Redis is away, the unanswered one is asked again.
  let asking: Promise<number> | null = null;
  const backlog = () => {
    asking ??= backgroundBacklog()
      .catch(() => 0)
      .finally(() => (asking = null));
    const pending = asking;
    return withinMs(BACKLOG_WAIT_MS, () => pending).catch(() => 0);
  };
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        // Without an answer from Redis there is no telling; the usual pace.
        const backfilling = (await backlog()) > 0;
        const paced = backfilling
          ? { minRestMs: Math.max(idleMs, BACKFILL_MIN_REST_MS), restFactor: BACKFILL_REST_FACTOR }
          : { minRestMs: idleMs, restFactor: REST_FACTOR };
        const rebuilt = await refreshRollups(db, { paced, budgetMs: ROUND_BUDGET_MS });
        if (rebuilt) logger.debug({ days: rebuilt }, 'kpi rollups refreshed');
      } catch (error) {
        logRoundFailure(logger, 'kpi rollup refresh', error);
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

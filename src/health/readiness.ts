import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Database } from '../db/client';
import { withinMs } from '../lib/within-ms';

const CHECK_TIMEOUT_MS = 2_000;

export interface Readiness {
  ready: boolean;
  postgres: boolean;
  redis: boolean;
  /** Shutting down: in-flight work is finishing, new work should go elsewhere. */
  draining: boolean;
}

/**
 * Ready means this process can do its work now: Postgres and Redis answer, and it is not shutting
 * down. Liveness is a different question (is the process itself wedged?) and never looks at
 * dependencies, or an outage of Postgres would have every process restarted for nothing.
 * `redis` must not be a connection that blocks waiting for jobs: a PING would wait behind it.
 */
export async function checkReadiness(db: Database, redis: Redis, draining: boolean): Promise<Readiness> {
  const [postgres, redisUp] = await Promise.all([
    postgresAnswers(db),
    // ioredis queues commands while reconnecting; a closed connection answers at once.
    answers(async () => {
      if ((await redis.ping()) !== 'PONG') throw new Error('unexpected PING reply');
    }),
  ]);
  return { ready: postgres && redisUp && !draining, postgres, redis: redisUp, draining };
}

const answers = (check: () => Promise<unknown>) => withinMs(CHECK_TIMEOUT_MS, check).then(() => true, () => false);

/** Whether Postgres answers a query within CHECK_TIMEOUT_MS. */
export const postgresAnswers = (db: Database): Promise<boolean> => answers(() => db.execute(sql`select 1`));

/** What /livez answers, on the API and on a worker's ops port. */
export const livenessBody = () => ({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });

/** What /readyz answers (with 200 when ready, else 503). */
export const readinessBody = (state: Readiness) => ({ status: state.ready ? 'ok' : 'unavailable', ...state });

import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { scoreBatchJobId, type ScoreBatchJob } from './jobs';
import { BACKGROUND_PRIORITY, SCORE_BATCH_JOB, SCORE_QUEUE, scoreJobOptions } from './score.config';

// Generous beside a healthy addBulk (~40 ms for 500 jobs).
const ADD_TIMEOUT_MS = 10_000;
// A fresh connection to a local Redis is ready in milliseconds.
const OPENING_WAIT_MS = 2_000;
const OPENING = new Set(['wait', 'connecting', 'connect']);

async function ready(connection: Redis): Promise<void> {
  if (connection.status === 'ready') return;
  if (OPENING.has(connection.status)) {
    const done = new AbortController();
    await Promise.race([once(connection, 'ready', { signal: done.signal }), sleep(OPENING_WAIT_MS, undefined, { signal: done.signal })]).catch(() => {});
    done.abort(); // drops the listener or the timer that lost the race
    if ((connection.status as string) === 'ready') return;
  }
  throw new Error(`redis connection is ${connection.status}`);
}

export interface BackgroundLane {
  /** Adds the batches behind every live job; throws when Redis does not take them. */
  add(jobs: ScoreBatchJob[]): Promise<void>;
  /** Jobs waiting to be scored, live and background. */
  backlog(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Backfill and re-scoring share the live queue and its workers, but every job carries a priority:
 * BullMQ serves jobs without one first (docs.bullmq.io/guide/jobs/prioritized), so a conversation
 * posted to the API overtakes a million queued backfill conversations.
 */
export function openBackgroundLane(connection: Redis, prefix: string): BackgroundLane {
  const queue = new Queue<ScoreBatchJob>(SCORE_QUEUE, { connection, prefix, defaultJobOptions: scoreJobOptions });
  // Reported by add() when it matters; the connection keeps retrying meanwhile.
  queue.on('error', () => {});
  return {
    async add(jobs) {
      if (jobs.length === 0) return;
      // BullMQ waits for a ready connection, however long Redis is away: a connection still being
      // opened gets a moment, one that lost Redis is refused at once, and the add itself is
      // bounded, so callers keep their jobs in the outbox and carry on.
      await ready(connection);
      const added = queue.addBulk(
        jobs.map((data) => ({ name: SCORE_BATCH_JOB, data, opts: { jobId: scoreBatchJobId(data), priority: BACKGROUND_PRIORITY } })),
      );
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`redis took over ${ADD_TIMEOUT_MS} ms`)), ADD_TIMEOUT_MS);
      });
      added.catch(() => {}); // it may still land after the timeout: harmless, job ids de-duplicate
      try {
        await Promise.race([added, timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
    async backlog() {
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed');
      return Object.values(counts).reduce((a, b) => a + b, 0);
    },
    close: () => queue.close(),
  };
}

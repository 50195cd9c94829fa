import type { DefaultJobOptions } from 'bullmq';

export const SCORE_QUEUE = 'score-conversation';
/**
 * Job names. Parley queues batches of one workspace's conversations: live (no priority), or a
 * backfill or re-scoring (BACKGROUND_PRIORITY). A job of one conversation (`score`) is what
 * earlier versions of the API queued; workers still score it, so nothing they queued before an
 * upgrade is lost.
 */
export const SCORE_JOB = 'score';
export const SCORE_BATCH_JOB = 'score-batch';
// Any priority at all puts a job behind the unprioritized live jobs; 10 leaves room for lanes between.
export const BACKGROUND_PRIORITY = 10;

export const scoreJobOptions: DefaultJobOptions = {
  // Transient faults (Postgres restart, deadlock) usually clear within a minute: 1+2+4+8+16 s.
  attempts: 6,
  backoff: { type: 'exponential', delay: 1_000 },
  // Completed jobs only matter for de-duplication of quick re-posts; keep an hour, bounded.
  removeOnComplete: { age: 3_600, count: 10_000 },
  // Failed jobs are evidence for an operator: keep them a week.
  removeOnFail: { age: 7 * 24 * 3_600 },
};

/** `lockMs`: JOB_LOCK_MS. Stalled jobs are looked for as often as a lock lapses. */
export const scoreWorkerOptions = (lockMs: number) => ({
  lockDuration: lockMs,
  stalledInterval: lockMs,
  // A stalled job (its worker died) goes back to the queue once before it is failed.
  maxStalledCount: 1,
});

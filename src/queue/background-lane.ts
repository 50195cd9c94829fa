import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { addBatchJobs } from './add-batch-jobs';
import { boundedAdd } from './bounded-add';
import type { ScoreBatchJob } from './jobs';
import { BACKGROUND_PRIORITY, SCORE_QUEUE, scoreJobOptions } from './score.config';

// Generous beside a healthy addBulk (~40 ms for 500 jobs).
const ADD_TIMEOUT_MS = 10_000;
// A fresh connection to a local Redis is ready in milliseconds.
const OPENING_WAIT_MS = 2_000;

export interface BackgroundLane {
  /** The BullMQ queue itself, for metrics. */
  readonly bull: Queue;
  /** Adds the batches behind every live job; throws when Redis does not take them. */
  add(jobs: ScoreBatchJob[]): Promise<void>;
  /** Jobs waiting to be scored, live and background. */
  backlog(): Promise<number>;
  /** Background jobs (backfill, re-scoring) waiting behind the live ones. */
  backgroundBacklog(): Promise<number>;
  /** Holds every worker of the queue back for `ms`: BullMQ's queue-wide manual rate limit. */
  holdWorkers(ms: number): Promise<void>;
  /** The marker the reconciler left in this Redis (queueEpoch), or null: Redis lost its data (or never had it). */
  queueEpoch(): Promise<string | null>;
  markQueueEpoch(epoch: string): Promise<void>;
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
  const epochKey = `${prefix}:${SCORE_QUEUE}:parley-epoch`;
  return {
    bull: queue,
    async add(jobs) {
      if (jobs.length === 0) return;
      // Refused or timed out, the caller keeps its jobs in the outbox and carries on.
      await boundedAdd(connection, () => addBatchJobs(queue, jobs, BACKGROUND_PRIORITY), ADD_TIMEOUT_MS, OPENING_WAIT_MS);
    },
    async backlog() {
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed');
      return Object.values(counts).reduce((a, b) => a + b, 0);
    },
    // Only background jobs carry a priority, so BullMQ's prioritized set is exactly that lane.
    backgroundBacklog: () => queue.getPrioritizedCount(),
    holdWorkers: (ms) => queue.rateLimit(ms),
    queueEpoch: () => connection.get(epochKey),
    async markQueueEpoch(epoch) {
      await connection.set(epochKey, epoch);
    },
    close: () => queue.close(),
  };
}

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { boundedAdd } from './bounded-add';
import { scoreBatchJobId, type ScoreBatchJob } from './jobs';
import { SCORE_BATCH_JOB, SCORE_QUEUE, scoreJobOptions } from './score.config';

// Longer than a healthy addBulk of 500 jobs (~40 ms), short enough for an HTTP client's patience.
const ENQUEUE_TIMEOUT_MS = 2_000;

export interface ScoreQueue {
  /** The BullMQ queue itself, for metrics and the admin views. */
  readonly bull: Queue;
  /**
   * Enqueues the jobs in the live lane (no priority: ahead of backfills); resolves false instead of
   * throwing when Redis cannot take them.
   */
  enqueue(jobs: ScoreBatchJob[]): Promise<boolean>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function createScoreQueue(connection: Redis, prefix: string, onError: (error: Error) => void): ScoreQueue {
  const queue = new Queue<ScoreBatchJob>(SCORE_QUEUE, { connection, prefix, defaultJobOptions: scoreJobOptions });
  queue.on('error', onError);
  return {
    bull: queue,
    async enqueue(jobs) {
      if (jobs.length === 0) return true;
      // The API answers at once while Redis is away: no wait for a connection being opened.
      try {
        const bulk = jobs.map((data) => ({ name: SCORE_BATCH_JOB, data, opts: { jobId: scoreBatchJobId(data) } }));
        // A group commit of one workspace makes one job: add() runs it without the transaction
        // addBulk opens, whose ioredis pipeline alone cost about 0.2 ms to set up.
        const [only] = bulk;
        await boundedAdd(connection, () => (bulk.length === 1 ? queue.add(only!.name, only!.data, only!.opts) : queue.addBulk(bulk)), ENQUEUE_TIMEOUT_MS);
        return true;
      } catch (error) {
        onError(new Error(`jobs not enqueued: ${(error as Error).message}`));
        return false;
      }
    },
    async ping() {
      try {
        return (await connection.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      await queue.close();
    },
  };
}

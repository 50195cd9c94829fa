import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { addBatchJobs } from './add-batch-jobs';
import { boundedAdd } from './bounded-add';
import type { ScoreBatchJob } from './jobs';
import { SCORE_QUEUE, scoreJobOptions } from './score.config';

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
        await boundedAdd(connection, () => addBatchJobs(queue, jobs), ENQUEUE_TIMEOUT_MS);
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

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { scoreJobId, type ScoreJob } from './jobs';
import { SCORE_JOB, SCORE_QUEUE, scoreJobOptions } from './score.config';

// Longer than a healthy addBulk of 500 jobs (~40 ms), short enough for an HTTP client's patience.
const ENQUEUE_TIMEOUT_MS = 2_000;

export interface ScoreQueue {
  /** Enqueues the jobs; resolves false instead of throwing when Redis cannot take them. */
  enqueue(jobs: ScoreJob[]): Promise<boolean>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function createScoreQueue(connection: Redis, prefix: string, onError: (error: Error) => void): ScoreQueue {
  const queue = new Queue<ScoreJob>(SCORE_QUEUE, { connection, prefix, defaultJobOptions: scoreJobOptions });
  queue.on('error', onError);
  return {
    async enqueue(jobs) {
      if (jobs.length === 0) return true;
      // BullMQ waits for a ready connection whatever enableOfflineQueue says, so a request would
      // hang while Redis is away: answer at once when it is not ready, and bound the wait otherwise.
      if (connection.status !== 'ready') {
        onError(new Error(`redis connection is ${connection.status}; jobs not enqueued`));
        return false;
      }
      const added = queue.addBulk(jobs.map((data) => ({ name: SCORE_JOB, data, opts: { jobId: scoreJobId(data) } })));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(resolve, ENQUEUE_TIMEOUT_MS, 'timeout');
      });
      try {
        if ((await Promise.race([added, timedOut])) === 'timeout') {
          added.catch(() => {}); // it may still land later: harmless, job ids de-duplicate
          onError(new Error(`enqueue took over ${ENQUEUE_TIMEOUT_MS} ms; jobs not confirmed`));
          return false;
        }
        return true;
      } catch (error) {
        onError(error as Error);
        return false;
      } finally {
        clearTimeout(timer);
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

import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { scoreJobId, type ScoreJob } from './jobs';
import { SCORE_QUEUE, scoreJobOptions } from './score.config';

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
      try {
        await queue.addBulk(jobs.map((data) => ({ name: 'score', data, opts: { jobId: scoreJobId(data) } })));
        return true;
      } catch (error) {
        onError(error as Error);
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

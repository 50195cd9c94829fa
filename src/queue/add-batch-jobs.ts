import type { Queue } from 'bullmq';
import { scoreBatchJobId, type ScoreBatchJob } from './jobs';
import { SCORE_BATCH_JOB } from './score.config';

/**
 * Adds batch jobs to the scoring queue, each under its deterministic id, with `priority` when given
 * (the background lane) or none (live). A lone job goes by add(): addBulk wraps even one job in a
 * transaction whose ioredis pipeline alone cost about 0.2 ms to set up, and the API's group commits
 * of one workspace make one job each.
 */
export async function addBatchJobs(queue: Queue, jobs: ScoreBatchJob[], priority?: number): Promise<void> {
  const opts = (data: ScoreBatchJob) => ({ jobId: scoreBatchJobId(data), ...(priority === undefined ? {} : { priority }) });
  const [only] = jobs;
  if (jobs.length === 1) await queue.add(SCORE_BATCH_JOB, only!, opts(only!));
  else await queue.addBulk(jobs.map((data) => ({ name: SCORE_BATCH_JOB, data, opts: opts(data) })));
}

import type { Job, Queue } from 'bullmq';

// Failed jobs are kept a week (scoreJobOptions); a workspace's are found by reading them in pages.
const PAGE = 500;
const MOST_READ = 20_000;

export interface FailedJob {
  id: string;
  name: string;
  failedReason: string;
  attemptsMade: number;
  enqueuedAt: string;
  failedAt: string | null;
  conversationIds: string[];
}

const workspaceOf = (job: Job) => (job.data as { workspaceId?: unknown } | undefined)?.workspaceId;

function describe(job: Job): FailedJob {
  const data = job.data as { conversationId?: string; conversations?: { id: string }[] };
  return {
    id: job.id!,
    name: job.name,
    failedReason: job.failedReason,
    attemptsMade: job.attemptsMade,
    enqueuedAt: new Date(job.timestamp).toISOString(),
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    conversationIds: data.conversationId ? [data.conversationId] : (data.conversations ?? []).map((c) => c.id),
  };
}

/**
 * A workspace's failed jobs, most recently failed first. The queue is shared by every workspace,
 * so the failed set is read in pages and filtered; `complete` is false when more than MOST_READ
 * failed jobs were read without reaching `limit` or the end.
 */
async function readFailed(queue: Queue, workspaceId: string, limit: number): Promise<{ jobs: Job[]; complete: boolean }> {
  const jobs: Job[] = [];
  for (let start = 0; start < MOST_READ; start += PAGE) {
    const page = await queue.getFailed(start, start + PAGE - 1);
    for (const job of page) {
      if (job && workspaceOf(job) === workspaceId) jobs.push(job);
      if (jobs.length === limit) return { jobs, complete: true };
    }
    if (page.length < PAGE) return { jobs, complete: true };
  }
  return { jobs, complete: false };
}

export async function failedJobsOf(queue: Queue, workspaceId: string, limit: number): Promise<{ jobs: FailedJob[]; complete: boolean }> {
  const { jobs, complete } = await readFailed(queue, workspaceId, limit);
  return { jobs: jobs.map(describe), complete };
}

/** Retries up to `limit` of the workspace's failed jobs; returns their ids. */
export async function retryFailedJobsOf(queue: Queue, workspaceId: string, limit: number): Promise<string[]> {
  const { jobs } = await readFailed(queue, workspaceId, limit);
  for (const job of jobs) await job.retry('failed');
  return jobs.map((job) => job.id!);
}

export type RetryOutcome = 'retried' | 'not_found' | 'not_failed';

/** Puts one failed job of the workspace back to waiting, its attempts counted afresh. Another workspace's job is not found. */
export async function retryFailedJob(queue: Queue, workspaceId: string, jobId: string): Promise<RetryOutcome> {
  const job = await queue.getJob(jobId);
  if (!job || workspaceOf(job) !== workspaceId) return 'not_found';
  if ((await job.getState()) !== 'failed') return 'not_failed';
  await job.retry('failed');
  return 'retried';
}

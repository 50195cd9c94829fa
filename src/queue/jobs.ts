import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * A job of one conversation, as earlier versions of the API queued it (workers still take it). Jobs
 * carry references only; the transcript stays in Postgres.
 */
export const scoreJobSchema = z.strictObject({
  workspaceId: z.uuid(),
  conversationId: z.uuid(),
  revision: z.number().int().min(1),
});

// Large enough that the queue's cost per job (~0.4 ms) is small beside scoring the batch, small
// enough that a batch takes well under a second and a live job never waits long behind one.
export const SCORE_BATCH_SIZE = 200;

/** What Parley queues: conversations of one workspace, live (a group commit's) or background. */
export const scoreBatchJobSchema = z.strictObject({
  workspaceId: z.uuid(),
  conversations: z
    .array(z.strictObject({ id: z.uuid(), revision: z.number().int().min(1) }))
    .min(1)
    .max(SCORE_BATCH_SIZE),
});

export type ScoreBatchJob = z.infer<typeof scoreBatchJobSchema>;

/** The same conversations at the same revisions always make the same job id. */
export function scoreBatchJobId(job: ScoreBatchJob): string {
  const digest = createHash('sha256');
  for (const { id, revision } of job.conversations) digest.update(`${id}/${revision};`);
  return `batch-${job.workspaceId}-${digest.digest('hex').slice(0, 32)}`;
}

/** Splits a workspace's conversations into batch jobs. */
export function toBatchJobs(workspaceId: string, conversations: ScoreBatchJob['conversations']): ScoreBatchJob[] {
  const jobs: ScoreBatchJob[] = [];
  for (let i = 0; i < conversations.length; i += SCORE_BATCH_SIZE) {
    jobs.push({ workspaceId, conversations: conversations.slice(i, i + SCORE_BATCH_SIZE) });
  }
  return jobs;
}

/** Batch jobs for conversations of any number of workspaces, each job within one workspace. */
export function batchJobsByWorkspace(conversations: readonly { workspaceId: string; id: string; revision: number }[]): ScoreBatchJob[] {
  const byWorkspace = new Map<string, ScoreBatchJob['conversations']>();
  for (const { workspaceId, id, revision } of conversations) {
    const list = byWorkspace.get(workspaceId) ?? [];
    list.push({ id, revision });
    byWorkspace.set(workspaceId, list);
  }
  return [...byWorkspace].flatMap(([workspaceId, list]) => toBatchJobs(workspaceId, list));
}

import { z } from 'zod';

/** The score job carries references only; the transcript stays in Postgres. */
export const scoreJobSchema = z.strictObject({
  workspaceId: z.uuid(),
  conversationId: z.uuid(),
  revision: z.number().int().min(1),
});

export type ScoreJob = z.infer<typeof scoreJobSchema>;

/**
 * Deterministic per conversation revision: a duplicate post of the same content is deduplicated by
 * BullMQ, while a changed conversation gets a new job. No ":" (BullMQ reserves it).
 */
export function scoreJobId(job: ScoreJob): string {
  return `score-${job.conversationId}-r${job.revision}`;
}

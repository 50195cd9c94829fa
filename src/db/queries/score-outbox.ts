import { asc, inArray } from 'drizzle-orm';
import type { ScoreBatchJob } from '../../queue/jobs';
import type { Database } from '../client';
import { scoreOutbox } from '../schema';

/** Call inside the transaction that stores the conversations the jobs score. */
export async function addToOutbox(tx: Database, jobs: ScoreBatchJob[]): Promise<number[]> {
  if (jobs.length === 0) return [];
  const rows = await tx.insert(scoreOutbox).values(jobs.map((job) => ({ job }))).returning({ id: scoreOutbox.id });
  return rows.map((row) => row.id);
}

export async function oldestInOutbox(db: Database, limit: number): Promise<{ id: number; job: ScoreBatchJob }[]> {
  return db.select({ id: scoreOutbox.id, job: scoreOutbox.job }).from(scoreOutbox).orderBy(asc(scoreOutbox.id)).limit(limit);
}

export async function removeFromOutbox(db: Database, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.delete(scoreOutbox).where(inArray(scoreOutbox.id, ids));
}

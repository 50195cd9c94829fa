import type { Queryable } from '../client';
import type { ScoreBatchJob } from '../../queue/jobs';

// Raw SQL: the outbox is written inside the COPY transactions of the backfill, which drizzle cannot open.

/** Call inside the transaction that stores the conversations the jobs score. */
export async function addToOutbox(tx: Queryable, jobs: ScoreBatchJob[]): Promise<number[]> {
  if (jobs.length === 0) return [];
  const rows = await tx<{ id: string }[]>`
    insert into score_outbox (job) select * from unnest(${jobs.map((job) => JSON.stringify(job))}::jsonb[]) returning id`;
  return rows.map((row) => Number(row.id));
}

export async function oldestInOutbox(sql: Queryable, limit: number): Promise<{ id: number; job: ScoreBatchJob }[]> {
  const rows = await sql<{ id: string; job: string }[]>`select id, job::text from score_outbox order by id limit ${limit}`;
  return rows.map((row) => ({ id: Number(row.id), job: JSON.parse(row.job) as ScoreBatchJob }));
}

export async function removeFromOutbox(sql: Queryable, ids: number[]): Promise<void> {
  if (ids.length > 0) await sql`delete from score_outbox where id = any(${ids}::bigint[])`;
}

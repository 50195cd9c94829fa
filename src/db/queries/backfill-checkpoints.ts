import type { Queryable } from '../client';

export interface Checkpoint {
  bytesDone: number;
  lineDone: number;
  recordsDone: number;
  rejected: number;
  completed: boolean;
}

export interface CheckpointKey {
  workspaceId: string;
  fileKey: string;
  format: string;
}

export async function findCheckpoint(sql: Queryable, key: CheckpointKey): Promise<Checkpoint | null> {
  const [row] = await sql<{ bytes_done: string; line_done: string; records_done: string; rejected: string; completed: boolean }[]>`
    select bytes_done, line_done, records_done, rejected, completed_at is not null as completed
    from backfill_checkpoints
    where workspace_id = ${key.workspaceId} and file_key = ${key.fileKey} and format = ${key.format}`;
  if (!row) return null;
  return {
    bytesDone: Number(row.bytes_done),
    lineDone: Number(row.line_done),
    recordsDone: Number(row.records_done),
    rejected: Number(row.rejected),
    completed: row.completed,
  };
}

/** Call inside the transaction that stored the batch the checkpoint covers. */
export async function saveCheckpoint(tx: Queryable, key: CheckpointKey, path: string, checkpoint: Checkpoint): Promise<void> {
  await tx`
    insert into backfill_checkpoints (workspace_id, file_key, format, path, bytes_done, line_done, records_done, rejected, completed_at, updated_at)
    values (${key.workspaceId}, ${key.fileKey}, ${key.format}, ${path}, ${checkpoint.bytesDone}, ${checkpoint.lineDone},
            ${checkpoint.recordsDone}, ${checkpoint.rejected},
            ${checkpoint.completed ? new Date().toISOString() : null}, now())
    on conflict (workspace_id, file_key, format) do update set
      path = excluded.path, bytes_done = excluded.bytes_done, line_done = excluded.line_done, records_done = excluded.records_done,
      rejected = excluded.rejected, completed_at = excluded.completed_at, updated_at = now()`;
}

/** Forgets a file's progress, so that the next import reads it from the start (`--restart`). */
export async function clearCheckpoint(sql: Queryable, key: CheckpointKey): Promise<void> {
  await sql`delete from backfill_checkpoints where workspace_id = ${key.workspaceId} and file_key = ${key.fileKey} and format = ${key.format}`;
}

import type { Queryable } from '../client';

export interface ScoringFailure {
  conversationId: string;
  workspaceId: string;
  revision: number;
  reason: string;
}

/** Records what `scorerVersion` could not score; a later failure of the same conversation replaces it. */
export async function recordScoringFailures(sql: Queryable, scorerVersion: string, failures: readonly ScoringFailure[]): Promise<void> {
  if (failures.length === 0) return;
  await sql`
    insert into scoring_failures (conversation_id, scorer_version, workspace_id, revision, reason)
    select f.conversation_id, ${scorerVersion}, f.workspace_id, f.revision, f.reason
    from unnest(${failures.map((f) => f.conversationId)}::uuid[], ${failures.map((f) => f.workspaceId)}::uuid[],
                ${failures.map((f) => f.revision)}::int[], ${failures.map((f) => f.reason)}::text[])
         as f(conversation_id, workspace_id, revision, reason)
    -- Erased meanwhile: nothing to record.
    where exists (select 1 from conversations c where c.id = f.conversation_id)
    on conflict (conversation_id, scorer_version)
    do update set revision = excluded.revision, reason = excluded.reason, failed_at = now()`;
}

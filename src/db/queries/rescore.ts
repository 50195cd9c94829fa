import type { Queryable } from '../client';

export interface RescoreScope {
  /** Only this workspace's conversations; all workspaces when null. */
  workspaceId: string | null;
  /** Conversations that started in [since, until); either end open when null. */
  since: Date | null;
  until: Date | null;
  /** Only conversations stored or last changed before this; any when null. */
  updatedBefore?: Date | null;
}

export interface StaleConversation {
  workspaceId: string;
  id: string;
  revision: number;
}

/**
 * The next page of conversations in scope without a score of `scorerVersion` for their current
 * revision, in (workspace, id) order after `after`. A re-run finds only what is still missing.
 */
export async function staleConversations(
  sql: Queryable,
  scope: RescoreScope,
  scorerVersion: string,
  after: { workspaceId: string; id: string } | null,
  limit: number,
): Promise<StaleConversation[]> {
  const rows = await sql<{ workspace_id: string; id: string; revision: number }[]>`
    select c.workspace_id, c.id, c.revision from conversations c
    where (${scope.workspaceId}::uuid is null or c.workspace_id = ${scope.workspaceId}::uuid)
      and (${scope.since?.toISOString() ?? null}::timestamptz is null or c.started_at >= ${scope.since?.toISOString() ?? null}::timestamptz)
      and (${scope.until?.toISOString() ?? null}::timestamptz is null or c.started_at < ${scope.until?.toISOString() ?? null}::timestamptz)
      and (${scope.updatedBefore?.toISOString() ?? null}::timestamptz is null or c.updated_at < ${scope.updatedBefore?.toISOString() ?? null}::timestamptz)
      and (${after?.workspaceId ?? null}::uuid is null or (c.workspace_id, c.id) > (${after?.workspaceId ?? null}::uuid, ${after?.id ?? null}::uuid))
      and not exists (select 1 from conversation_scores s
                      where s.conversation_id = c.id and s.scorer_version = ${scorerVersion} and s.revision = c.revision)
    order by c.workspace_id, c.id
    limit ${limit}`;
  return rows.map((r) => ({ workspaceId: r.workspace_id, id: r.id, revision: r.revision }));
}

/**
 * Deletes, for conversations in scope that have a score of `scorerVersion` at their current
 * revision, every score row of another version. A conversation not yet re-scored keeps all its
 * rows, so none is ever left without a score. Deletes in chunks to keep each transaction short.
 */
export async function pruneOldScores(sql: Queryable, scope: RescoreScope, scorerVersion: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    const result = await sql`
      delete from conversation_scores where ctid in (
        select s.ctid from conversation_scores s join conversations c on c.id = s.conversation_id
        where s.scorer_version <> ${scorerVersion}
          and (${scope.workspaceId}::uuid is null or c.workspace_id = ${scope.workspaceId}::uuid)
          and (${scope.since?.toISOString() ?? null}::timestamptz is null or c.started_at >= ${scope.since?.toISOString() ?? null}::timestamptz)
          and (${scope.until?.toISOString() ?? null}::timestamptz is null or c.started_at < ${scope.until?.toISOString() ?? null}::timestamptz)
          and exists (select 1 from conversation_scores cur
                      where cur.conversation_id = c.id and cur.scorer_version = ${scorerVersion} and cur.revision = c.revision)
        limit 10000)`;
    deleted += result.count;
    if (result.count === 0) return deleted;
  }
}

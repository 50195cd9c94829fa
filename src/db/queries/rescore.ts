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

const NO_ID = '00000000-0000-0000-0000-000000000000';
/** Conversations one step looks at: every step costs the same, however long the history. */
const CHUNK = 50_000;

export interface StaleStep {
  stale: StaleConversation[];
  /** Where the next step goes on from; null: this step reached the last conversation in scope. */
  next: string | null;
}

/** The conversations (as `c`) of `scope`. */
const conversationsInScope = (sql: Queryable, scope: RescoreScope) => sql`
  (${scope.workspaceId}::uuid is null or c.workspace_id = ${scope.workspaceId}::uuid)
  and (${scope.since?.toISOString() ?? null}::timestamptz is null or c.started_at >= ${scope.since?.toISOString() ?? null}::timestamptz)
  and (${scope.until?.toISOString() ?? null}::timestamptz is null or c.started_at < ${scope.until?.toISOString() ?? null}::timestamptz)`;

/**
 * One step through the conversations in scope, in id order after `after`: of the next `chunk` of
 * them, those without a score of `scorerVersion` for their current revision, and that this version
 * has not already failed to score at that revision, at most `limit`.
 * Walking the primary key a chunk at a time keeps a re-score of a long history linear: searching
 * all conversations for each page took 4 s a page at a million conversations, for 500 pages.
 */
export async function nextStale(
  sql: Queryable,
  scope: RescoreScope,
  scorerVersion: string,
  after: string | null,
  limit: number,
  chunk = CHUNK,
): Promise<StaleStep> {
  // coalesce, not "is null or", on the id: a generic plan of the prepared statement still walks the index.
  const inScope = sql`
    c.id > coalesce(${after}::uuid, ${NO_ID}::uuid)
    and ${conversationsInScope(sql, scope)}
    and (${scope.updatedBefore?.toISOString() ?? null}::timestamptz is null or c.updated_at < ${scope.updatedBefore?.toISOString() ?? null}::timestamptz)`;
  // The lateral join with a limit probes the scores' index once a conversation; "not exists" let
  // the planner hash every score row for each chunk instead (0.62 s against 0.24 s at a million).
  // The last row is the chunk's last conversation, with the chunk's size: where a step that did
  // not fill its limit ends, without walking the chunk a second time.
  const rows = await sql<{ workspace_id: string | null; id: string; revision: number | null; chunk_size: number | null }[]>`
    with chunk as materialized (select c.id, c.workspace_id, c.revision from conversations c where ${inScope} order by c.id limit ${chunk}),
    stale as (
      select c.workspace_id, c.id, c.revision from chunk c
      left join lateral (select 1 as hit from conversation_scores s
                         where s.conversation_id = c.id and s.scorer_version = ${scorerVersion} and s.revision = c.revision limit 1) scored on true
      where scored.hit is null
        -- This version failed on this revision already; it would fail the same way again.
        and not exists (select 1 from scoring_failures f
                        where f.conversation_id = c.id and f.scorer_version = ${scorerVersion} and f.revision = c.revision)
      order by c.id limit ${limit})
    select workspace_id, id, revision, null::int as chunk_size from stale
    union all
    select * from (select null::uuid, id, null::int, (select count(*) from chunk)::int from chunk order by id desc limit 1) as last`;
  const stale = rows
    .filter((r) => r.chunk_size === null)
    .map((r) => ({ workspaceId: r.workspace_id!, id: r.id, revision: r.revision! }))
    .sort((a, b) => (a.id < b.id ? -1 : 1)); // text order of uuids is their order
  if (stale.length === limit) return { stale, next: stale[limit - 1]!.id };
  const last = rows.find((r) => r.chunk_size !== null);
  return { stale, next: last && last.chunk_size === chunk ? last.id : null };
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
        where s.scorer_version <> ${scorerVersion} and ${conversationsInScope(sql, scope)}
          and exists (select 1 from conversation_scores cur
                      where cur.conversation_id = c.id and cur.scorer_version = ${scorerVersion} and cur.revision = c.revision)
        limit 10000)`;
    deleted += result.count;
    if (result.count === 0) return deleted;
  }
}

/**
 * Deletes the records of failures to score conversations in scope that no sweep reads any more:
 * another version's, and `scorerVersion`'s own at a revision the conversation has since left.
 */
export async function pruneOldFailures(sql: Queryable, scope: RescoreScope, scorerVersion: string): Promise<number> {
  const result = await sql`
    delete from scoring_failures f using conversations c
    where c.id = f.conversation_id and ${conversationsInScope(sql, scope)}
      and (f.scorer_version <> ${scorerVersion} or f.revision <> c.revision)`;
  return result.count;
}

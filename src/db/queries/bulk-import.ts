import type { Queryable } from '../client';
import type { Conversation } from '../../contract/conversation';
import type { HashedConversation } from '../../ingest/content-hash';
import { snakeKeys } from '../snake-case';
import { uuidv7 } from '../uuidv7';
import { conversationValues, type StoreStatus } from './conversations';

export interface ImportItem extends HashedConversation {
  conversation: Conversation;
}

export interface ImportedRef {
  id: string;
  revision: number;
  status: StoreStatus;
  /** Created, changed, or unchanged but never scored at this revision (an import killed before its jobs were queued). */
  needsScoring: boolean;
}

/**
 * Stores a batch of validated conversations, with the same outcome as storing them one by one: an
 * identical conversation is left alone, a changed one gets its new transcript and a bumped
 * revision. Keys must be unique within the batch (one statement cannot update a row twice). One
 * statement: the API's group commit and the importer's batches (in its transaction) alike.
 */
export async function storeBatch(tx: Queryable, workspaceId: string, items: ImportItem[]): Promise<ImportedRef[]> {
  // A new conversation gets a time-ordered id (an existing one keeps its own): see uuidv7.
  // The transcript is spliced in as the content hash wrote it.
  const staged = `[${items
    .map(({ conversation, contentHash, messagesJson }, ord) => {
      const row = JSON.stringify({ ord, id: uuidv7(), ...snakeKeys(conversationValues(conversation, contentHash)) });
      return `${row.slice(0, -1)},"messages":${messagesJson}}`;
    })
    .join(',')}]`;
  // The outer query reads the snapshot from before the insert: it sees an unchanged conversation
  // as it was, and a written one only through `written`.
  const rows = await tx<{ ord: number; id: string; revision: number; status: StoreStatus; scored: boolean }[]>`
    with staged as (
      select * from json_to_recordset(${staged}::json) as s(
        ord integer, id uuid, source text, external_id text, channel text, language text, customer_id text,
        agent_id text, started_at timestamptz, ended_at timestamptz, message_count integer, events jsonb, attributes jsonb,
        content_hash text, messages jsonb)
    ),
    written as (
      insert into conversations as c (id, workspace_id, source, external_id, channel, language, customer_id, agent_id, started_at,
                                      ended_at, message_count, events, attributes, content_hash)
      select id, ${workspaceId}::uuid, source, external_id, channel, language, customer_id, agent_id, started_at,
             ended_at, message_count, events, attributes, content_hash
      from staged order by ord
      on conflict (workspace_id, source, external_id) do update set
        channel = excluded.channel, language = excluded.language, customer_id = excluded.customer_id, agent_id = excluded.agent_id,
        started_at = excluded.started_at, ended_at = excluded.ended_at, message_count = excluded.message_count,
        events = excluded.events, attributes = excluded.attributes, content_hash = excluded.content_hash,
        revision = c.revision + 1, updated_at = now()
      where c.content_hash <> excluded.content_hash
      returning c.id, c.source, c.external_id, c.revision, (c.xmax = 0) as inserted
    ),
    transcribed as (
      insert into transcripts (conversation_id, messages)
      select w.id, s.messages from written w join staged s on s.source = w.source and s.external_id = w.external_id
      on conflict (conversation_id) do update set messages = excluded.messages
    )
    select s.ord, coalesce(w.id, old.id) as id, coalesce(w.revision, old.revision) as revision,
           case when w.id is null then 'unchanged' when w.inserted then 'created' else 'updated' end as status,
           w.id is null and exists (select 1 from conversation_scores cs where cs.conversation_id = old.id and cs.revision = old.revision) as scored
    from staged s
    left join written w on w.source = s.source and w.external_id = s.external_id
    -- A lookup by the unique key for each unchanged item. LIMIT keeps it one: as a join, the planner
    -- (which guesses 100 staged rows) may scan every conversation of the workspace instead, as it
    -- did on tables without statistics.
    left join lateral (
      select o.id, o.revision from conversations o
      where w.id is null and o.workspace_id = ${workspaceId}::uuid and o.source = s.source and o.external_id = s.external_id
      limit 1
    ) old on true
    order by s.ord`;
  return rows.map((r) => ({ id: r.id, revision: r.revision, status: r.status, needsScoring: r.status !== 'unchanged' || !r.scored }));
}

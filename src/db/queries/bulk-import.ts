import type { Queryable } from '../client';
import type { Conversation } from '../../contract/conversation';
import { copyRows } from '../copy';
import { snakeKeys } from '../snake-case';
import { uuidv7 } from '../uuidv7';
import { conversationValues, type StoreStatus } from './conversations';

export interface ImportItem {
  conversation: Conversation;
  contentHash: string;
}

export interface ImportedRef {
  id: string;
  revision: number;
  status: StoreStatus;
  /** Created, changed, or unchanged but never scored at this revision (an import killed before its jobs were queued). */
  needsScoring: boolean;
}

const MESSAGE_COLUMNS = ['conversation_id', 'seq', 'workspace_id', 'external_id', 'role', 'author_id', 'author_name', 'text', 'sent_at'] as const;

/**
 * Stores a batch of validated conversations with one upsert (the batch as one JSON parameter) and
 * one COPY of their messages, inside the caller's transaction, with the same outcome as the API's
 * one-by-one upsert: an identical conversation is left alone, a changed one replaces its messages
 * and bumps its revision. Keys must be unique within the batch (one statement cannot update a row
 * twice).
 */
export async function storeBatch(tx: Queryable, workspaceId: string, items: ImportItem[]): Promise<ImportedRef[]> {
  // A new conversation gets a time-ordered id (an existing one keeps its own): see uuidv7.
  const staged = JSON.stringify(
    items.map(({ conversation, contentHash }, ord) => ({ ord, id: uuidv7(), ...snakeKeys(conversationValues(conversation, contentHash)) })),
  );
  // The outer query reads the snapshot from before the insert: it sees an unchanged conversation
  // as it was, and a written one only through `written`.
  const rows = await tx<{ ord: number; id: string; revision: number; status: StoreStatus; scored: boolean }[]>`
    with staged as (
      select * from json_to_recordset(${staged}::json) as s(
        ord integer, id uuid, source text, external_id text, channel text, language text, customer_id text,
        started_at timestamptz, ended_at timestamptz, message_count integer, events jsonb, attributes jsonb, content_hash text)
    ),
    written as (
      insert into conversations as c (id, workspace_id, source, external_id, channel, language, customer_id, started_at, ended_at,
                                      message_count, events, attributes, content_hash)
      select id, ${workspaceId}::uuid, source, external_id, channel, language, customer_id, started_at, ended_at,
             message_count, events, attributes, content_hash
      from staged order by ord
      on conflict (workspace_id, source, external_id) do update set
        channel = excluded.channel, language = excluded.language, customer_id = excluded.customer_id,
        started_at = excluded.started_at, ended_at = excluded.ended_at, message_count = excluded.message_count,
        events = excluded.events, attributes = excluded.attributes, content_hash = excluded.content_hash,
        revision = c.revision + 1, updated_at = now()
      where c.content_hash <> excluded.content_hash
      returning c.id, c.source, c.external_id, c.revision, (c.xmax = 0) as inserted
    )
    select s.ord, coalesce(w.id, old.id) as id, coalesce(w.revision, old.revision) as revision,
           case when w.id is null then 'unchanged' when w.inserted then 'created' else 'updated' end as status,
           w.id is null and exists (select 1 from conversation_scores cs where cs.conversation_id = old.id and cs.revision = old.revision) as scored
    from staged s
    left join written w on w.source = s.source and w.external_id = s.external_id
    left join conversations old on w.id is null and old.workspace_id = ${workspaceId}::uuid
                                and old.source = s.source and old.external_id = s.external_id
    order by s.ord`;

  const updated = rows.filter((r) => r.status === 'updated').map((r) => r.id);
  if (updated.length > 0) await tx`delete from messages where conversation_id = any(${updated}::uuid[])`;
  const written = rows.filter((r) => r.status !== 'unchanged');
  await copyRows(
    tx,
    'messages',
    MESSAGE_COLUMNS,
    (function* () {
      for (const row of written) {
        for (const [seq, m] of items[row.ord]!.conversation.messages.entries()) {
          yield [row.id, seq, workspaceId, m.id ?? null, m.role, m.authorId ?? null, m.authorName ?? null, m.text, m.sentAt.toISOString()];
        }
      }
    })(),
  );
  return rows.map((r) => ({ id: r.id, revision: r.revision, status: r.status, needsScoring: r.status !== 'unchanged' || !r.scored }));
}

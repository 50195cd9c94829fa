import type postgres from 'postgres';
import type { Queryable } from '../client';
import type { Conversation } from '../../contract/conversation';
import { isoTime } from '../../lib/iso-time';
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
 * How the messages are written: `copy`, a COPY after the upsert (a backfill's thousands of rows);
 * `inline`, in the upsert's own statement (an API request's few: one round trip, no transaction).
 */
export type MessageWrite = 'copy' | 'inline';

/**
 * Stores a batch of validated conversations, with the same outcome as storing them one by one: an
 * identical conversation is left alone, a changed one replaces its messages and bumps its revision.
 * Keys must be unique within the batch (one statement cannot update a row twice). `copy` runs in
 * the caller's transaction (copyRows needs one); `inline` is one statement and needs none.
 */
export async function storeBatch(tx: postgres.TransactionSql, workspaceId: string, items: ImportItem[], messageWrite: 'copy'): Promise<ImportedRef[]>;
export async function storeBatch(tx: Queryable, workspaceId: string, items: ImportItem[], messageWrite: 'inline'): Promise<ImportedRef[]>;
export async function storeBatch(tx: Queryable, workspaceId: string, items: ImportItem[], messageWrite: MessageWrite): Promise<ImportedRef[]> {
  // A new conversation gets a time-ordered id (an existing one keeps its own): see uuidv7.
  const staged = JSON.stringify(
    items.map(({ conversation, contentHash }, ord) => ({ ord, id: uuidv7(), ...snakeKeys(conversationValues(conversation, contentHash)) })),
  );
  // Inline, a changed conversation's messages are overwritten seq by seq and the surplus deleted:
  // the two touch different rows, as they must within one statement.
  const inlineMessages =
    messageWrite === 'inline'
      ? tx`,
    staged_messages as (
      -- json_to_recordset over objects: measured cheaper for Postgres than arrays read with ->>.
      select * from json_to_recordset(${JSON.stringify(items.flatMap(({ conversation }, ord) => conversation.messages.map((m, seq) => ({ ord, seq, ...messageColumns(m) }))))}::json)
        as m(ord integer, seq integer, external_id text, role text, author_id text, author_name text, text text, sent_at timestamptz)
    ),
    added as (
      insert into messages (conversation_id, seq, workspace_id, external_id, role, author_id, author_name, text, sent_at)
      select w.id, m.seq, ${workspaceId}::uuid, m.external_id, m.role, m.author_id, m.author_name, m.text, m.sent_at
      from staged_messages m join staged s on s.ord = m.ord join written w on w.source = s.source and w.external_id = s.external_id
      on conflict (conversation_id, seq) do update set
        external_id = excluded.external_id, role = excluded.role, author_id = excluded.author_id,
        author_name = excluded.author_name, text = excluded.text, sent_at = excluded.sent_at
    ),
    surplus as (
      delete from messages x using written w
      where not w.inserted and x.conversation_id = w.id and x.seq >= w.message_count
    )`
      : tx``;
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
      returning c.id, c.source, c.external_id, c.revision, c.message_count, (c.xmax = 0) as inserted
    )${inlineMessages}
    select s.ord, coalesce(w.id, old.id) as id, coalesce(w.revision, old.revision) as revision,
           case when w.id is null then 'unchanged' when w.inserted then 'created' else 'updated' end as status,
           w.id is null and exists (select 1 from conversation_scores cs where cs.conversation_id = old.id and cs.revision = old.revision) as scored
    from staged s
    left join written w on w.source = s.source and w.external_id = s.external_id
    left join conversations old on w.id is null and old.workspace_id = ${workspaceId}::uuid
                                and old.source = s.source and old.external_id = s.external_id
    order by s.ord`;

  if (messageWrite === 'copy') {
    const updated = rows.filter((r) => r.status === 'updated').map((r) => r.id);
    if (updated.length > 0) await tx`delete from messages where conversation_id = any(${updated}::uuid[])`;
    const written = rows.filter((r) => r.status !== 'unchanged');
    await copyRows(
      tx as postgres.TransactionSql, // the `copy` overload takes a transaction
      'messages',
      MESSAGE_COLUMNS,
      (function* () {
        for (const row of written) {
          for (const [seq, m] of items[row.ord]!.conversation.messages.entries()) {
            yield [row.id, seq, workspaceId, ...Object.values(messageColumns(m))];
          }
        }
      })(),
    );
  }
  return rows.map((r) => ({ id: r.id, revision: r.revision, status: r.status, needsScoring: r.status !== 'unchanged' || !r.scored }));
}

/** A message's own columns, named and in MESSAGE_COLUMNS order after conversation_id, seq and workspace_id. */
function messageColumns(m: Conversation['messages'][number]) {
  return { external_id: m.id ?? null, role: m.role, author_id: m.authorId ?? null, author_name: m.authorName ?? null, text: m.text, sent_at: isoTime(m.sentAt) };
}

import type { ConversationInput } from '../../contract/conversation';
import type { Queryable } from '../client';

export interface ScoringInput {
  id: string;
  workspaceId: string;
  revision: number;
  /** Back in the contract's input shape, so the worker re-validates stored data with the API's schema. */
  input: ConversationInput;
}

interface ConversationRow {
  id: string;
  revision: number;
  slug: string;
  external_id: string;
  source: string;
  channel: string;
  language: string | null;
  customer_id: string | null;
  events: ConversationInput['events'];
  attributes: Record<string, string>;
}

interface MessageRow {
  conversation_id: string;
  external_id: string | null;
  role: string;
  author_id: string | null;
  author_name: string | null;
  text: string;
  sent_at: string;
}

const orUndefined = <T>(value: T | null): T | undefined => value ?? undefined;

/**
 * What the scorer needs of many conversations of one workspace, in two queries; ids the workspace
 * does not have are left out. Raw SQL: on a backfill this runs for every conversation, and
 * drizzle's row mapping cost more CPU than the scoring. Times come back as ISO text, whatever
 * parsers drizzle installed on the shared client.
 */
export async function loadForScoring(sql: Queryable, workspaceId: string, ids: string[]): Promise<ScoringInput[]> {
  if (ids.length === 0) return [];
  const conversations = await sql<ConversationRow[]>`
    select c.id, c.revision, w.slug, c.external_id, c.source, c.channel, c.language, c.customer_id, c.events, c.attributes
    from conversations c join workspaces w on w.id = c.workspace_id
    where c.workspace_id = ${workspaceId} and c.id = any(${ids}::uuid[])`;
  if (conversations.length === 0) return [];
  const messages = await sql<MessageRow[]>`
    select conversation_id, external_id, role, author_id, author_name, text,
           to_char(sent_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as sent_at
    from messages where conversation_id = any(${conversations.map((c) => c.id)}::uuid[])
    order by conversation_id, seq`;
  const byConversation = new Map<string, ConversationInput['messages']>(conversations.map((c) => [c.id, []]));
  for (const m of messages) {
    byConversation.get(m.conversation_id)!.push({
      id: orUndefined(m.external_id),
      role: m.role as ConversationInput['messages'][number]['role'],
      authorId: orUndefined(m.author_id),
      authorName: orUndefined(m.author_name),
      text: m.text,
      sentAt: m.sent_at,
    });
  }
  return conversations.map((c) => ({
    id: c.id,
    workspaceId,
    revision: c.revision,
    input: {
      workspace: c.slug,
      externalId: c.external_id,
      source: c.source,
      channel: c.channel as ConversationInput['channel'],
      language: orUndefined(c.language),
      customerId: orUndefined(c.customer_id),
      messages: byConversation.get(c.id)!,
      // jsonb gives back the ISO strings the events were stored as.
      events: c.events,
      attributes: c.attributes,
    },
  }));
}

import type { ConversationInput } from '../../contract/conversation';
import type { Queryable } from '../client';
import type { StoredMessage } from '../schema';

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
  messages: StoredMessage[];
}

const orUndefined = <T>(value: T | null): T | undefined => value ?? undefined;

/**
 * What the scorer needs of many conversations of one workspace, in one query; ids the workspace
 * does not have are left out. Raw SQL: on a backfill this runs for every conversation, and
 * drizzle's row mapping cost more CPU than the scoring. The transcript is stored in the contract's
 * input shape, times as ISO text.
 */
export async function loadForScoring(sql: Queryable, workspaceId: string, ids: string[]): Promise<ScoringInput[]> {
  if (ids.length === 0) return [];
  const conversations = await sql<ConversationRow[]>`
    select c.id, c.revision, w.slug, c.external_id, c.source, c.channel, c.language, c.customer_id, c.events, c.attributes, t.messages
    from conversations c join workspaces w on w.id = c.workspace_id join transcripts t on t.conversation_id = c.id
    where c.workspace_id = ${workspaceId} and c.id = any(${ids}::uuid[])`;
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
      messages: c.messages,
      // jsonb gives back the ISO strings the events were stored as.
      events: c.events,
      attributes: c.attributes,
    },
  }));
}

import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ConversationEvent, ConversationInput } from '../../contract/conversation';
import { workspaces } from './workspaces';

export const conversations = pgTable(
  'conversations',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    source: text().notNull(),
    externalId: text().notNull(),
    channel: text().notNull(),
    language: text(),
    customerId: text(),
    // Who sent the first agent message: the agent dimension of KPIs and filters, kept here so they
    // need not open the transcript.
    agentId: text(),
    // First and last message times: the conversation's place on every KPI time axis.
    startedAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }).notNull(),
    messageCount: integer().notNull(),
    events: jsonb().$type<ConversationEvent[]>().notNull(),
    attributes: jsonb().$type<Record<string, string>>().notNull(),
    // Hash of the validated content: an identical re-post is a no-op, a changed one bumps the revision.
    contentHash: text().notNull(),
    revision: integer().notNull().default(1),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('conversations_workspace_source_external_uq').on(t.workspaceId, t.source, t.externalId),
    index('conversations_workspace_started_idx').on(t.workspaceId, t.startedAt),
    index('conversations_workspace_customer_idx').on(t.workspaceId, t.customerId, t.startedAt),
  ],
);

/** A message as stored: the contract's input shape, sentAt as UTC ISO text, absent fields left out. */
export type StoredMessage = ConversationInput['messages'][number];

/**
 * A conversation's messages, in order, as one jsonb array (lz4-compressed, set in the migration).
 * One row a conversation rather than one a message: Postgres stored a 36-message post for about a
 * quarter of the CPU (see docs/architecture.md), and nothing reads a message without its
 * conversation.
 */
export const transcripts = pgTable('transcripts', {
  conversationId: uuid()
    .primaryKey()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  messages: jsonb().$type<StoredMessage[]>().notNull(),
});

import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ConversationEvent } from '../../contract/conversation';
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

export const messages = pgTable(
  'messages',
  {
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    workspaceId: uuid().notNull(),
    externalId: text(),
    role: text().notNull(),
    authorId: text(),
    authorName: text(),
    text: text().notNull(),
    sentAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.seq] })],
);

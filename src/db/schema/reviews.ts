import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { conversations } from './conversations';

/** A QA reviewer's verdict on one of a conversation's scores. Erased with the conversation. */
export const reviews = pgTable(
  'reviews',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    // The API key that wrote it.
    reviewer: text().notNull(),
    subject: text().notNull(),
    verdict: text().notNull(),
    correction: text(),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('reviews_conversation_idx').on(t.conversationId, t.createdAt)],
);

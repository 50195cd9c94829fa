import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ReviewStatus } from '../../review/status';
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

/**
 * Where a conversation stands in the QA review workflow: new (no row), in review (assigned), done
 * (reviewed), with who and when. Erased with the conversation.
 */
export const reviewStates = pgTable(
  'review_states',
  {
    conversationId: uuid()
      .primaryKey()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    workspaceId: uuid().notNull(),
    status: text().$type<ReviewStatus>().notNull(),
    assignee: text(),
    assignedAt: timestamp({ withTimezone: true }),
    reviewedBy: text(),
    reviewedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('review_states_workspace_status_idx').on(t.workspaceId, t.status)],
);

import { boolean, index, jsonb, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ReviewLabels } from '../../review/labels';
import type { ReviewStatus } from '../../review/status';
import { conversations } from './conversations';

/**
 * A QA review: rubric ratings with their score, the reviewer's values of Parley's labels next to
 * Parley's own at the time, and a comment. Erased with the conversation.
 */
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
    // Category key -> rating 1–5, and the rubric's score 0–100 (null when nothing was rated).
    // Defaults only so that reviews written before rubrics existed migrate (as comment-only reviews).
    rubric: jsonb().$type<Record<string, number>>().notNull().default({}),
    rubricScore: real(),
    criticalFailed: boolean().notNull().default(false),
    // The reviewer's values of Parley's labels (confirming or overriding), and Parley's when reviewed.
    labels: jsonb().$type<ReviewLabels>().notNull().default({}),
    parleyLabels: jsonb().$type<ReviewLabels>().notNull().default({}),
    comment: text(),
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

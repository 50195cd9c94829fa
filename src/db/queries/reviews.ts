import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { reviews } from '../schema';
import { CONVERSATIONS_WITH_SCORES, filterConditions, type ConversationFilter } from './conversation-filter';
import { markReviewed } from './review-queue';

export type ReviewRow = typeof reviews.$inferSelect;

/** Stores a review and marks its conversation done in the review queue, both or neither. */
export async function addReview(db: Database, review: Omit<ReviewRow, 'id' | 'createdAt'>): Promise<ReviewRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(reviews).values(review).returning();
    await markReviewed(tx, { workspaceId: review.workspaceId, conversationId: review.conversationId, reviewer: review.reviewer, at: row!.createdAt });
    return row!;
  });
}

export async function listReviews(db: Database, workspaceId: string, conversationId: string): Promise<ReviewRow[]> {
  return db
    .select()
    .from(reviews)
    .where(and(eq(reviews.workspaceId, workspaceId), eq(reviews.conversationId, conversationId)))
    .orderBy(asc(reviews.createdAt), asc(reviews.id));
}

/** The latest review of each reviewed conversation the filter selects. */
export async function latestReviews(db: Database, f: ConversationFilter): Promise<Pick<ReviewRow, 'labels' | 'parleyLabels'>[]> {
  const rows = await db.execute<{ labels: ReviewRow['labels']; parley_labels: ReviewRow['parleyLabels'] }>(sql`
    select distinct on (v.conversation_id) v.labels, v.parley_labels
    from ${CONVERSATIONS_WITH_SCORES}
    join reviews v on v.conversation_id = c.id and v.workspace_id = c.workspace_id
    where ${filterConditions(f)}
    order by v.conversation_id, v.created_at desc, v.id desc`);
  return rows.map((r) => ({ labels: r.labels, parleyLabels: r.parley_labels }));
}

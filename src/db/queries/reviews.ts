import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { reviews } from '../schema';

export type ReviewRow = typeof reviews.$inferSelect;

export async function addReview(db: Database, review: Omit<ReviewRow, 'id' | 'createdAt'>): Promise<ReviewRow> {
  const [row] = await db.insert(reviews).values(review).returning();
  return row!;
}

export async function listReviews(db: Database, workspaceId: string, conversationId: string): Promise<ReviewRow[]> {
  return db
    .select()
    .from(reviews)
    .where(and(eq(reviews.workspaceId, workspaceId), eq(reviews.conversationId, conversationId)))
    .orderBy(asc(reviews.createdAt), asc(reviews.id));
}

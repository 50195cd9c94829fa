import { and, asc, eq, gt, lte, ne } from 'drizzle-orm';
import type { Database } from '../client';
import { conversations } from '../schema';

export const FCR_WINDOW_DAYS = 7;

export interface FirstContactResolution {
  /** null when it cannot be told: no customer id, or not scored yet. */
  value: boolean | null;
  windowDays: number;
  /** false while the window after the conversation is still open: a later contact could still undo a true. */
  settled: boolean;
  reason: string;
  /** The customer's next conversation inside the window, when that is what made it false. */
  returnedIn?: string;
}

interface Subject {
  id: string;
  workspaceId: string;
  customerId: string | null;
  startedAt: Date;
  endedAt: Date;
}

/**
 * First-contact resolution, read at query time because a later conversation can undo it: resolved
 * in one touch (scored: resolved, never reopened, at most one human agent) and no new conversation
 * from the same customer, on any channel or source, starting within `windowDays` after it ended.
 */
export async function firstContactResolution(
  db: Database,
  subject: Subject,
  singleTouch: boolean | null,
  now: Date,
  windowDays: number = FCR_WINDOW_DAYS,
): Promise<FirstContactResolution> {
  const windowEnd = new Date(subject.endedAt.getTime() + windowDays * 86_400_000);
  const base = { windowDays, settled: now >= windowEnd };
  if (subject.customerId === null) return { ...base, value: null, reason: 'no customer id: repeat contacts cannot be seen' };
  if (singleTouch === null) return { ...base, value: null, reason: 'not scored yet' };
  if (!singleTouch) return { ...base, settled: true, value: false, reason: 'not resolved in one touch (unresolved, reopened or more than one agent)' };
  const [next] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, subject.workspaceId),
        eq(conversations.customerId, subject.customerId),
        ne(conversations.id, subject.id),
        gt(conversations.startedAt, subject.startedAt),
        lte(conversations.startedAt, windowEnd),
      ),
    )
    .orderBy(asc(conversations.startedAt))
    .limit(1);
  if (next) return { ...base, settled: true, value: false, reason: `the customer came back within ${windowDays} days`, returnedIn: next.id };
  return { ...base, value: true, reason: `resolved in one touch, no new conversation within ${windowDays} days` };
}

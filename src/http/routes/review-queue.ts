import { Hono } from 'hono';
import { z } from 'zod';
import { listQueue, type QueuePosition } from '../../db/queries/review-queue';
import { REVIEW_STATUSES } from '../../review/status';
import { FLAG_REASONS } from '../../scoring/types';
import { conversationFilter, filterQuery } from '../conversation-filter';
import { ApiError } from '../errors';
import { requireScope } from '../middleware/authenticate';
import { parseQuery } from '../params';
import type { AppDeps, AppEnv } from '../types';

export const queueQuery = filterQuery.extend({
  reason: z.enum(FLAG_REASONS).optional(),
  status: z.enum(REVIEW_STATUSES).optional(),
  assignee: z.string().min(1).max(256).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});

/** The position of the last item of a page, as an opaque token. */
const queueCursor = {
  encode: (p: QueuePosition) => Buffer.from(JSON.stringify([p.severity, p.flagCount, p.startedAt.toISOString(), p.id])).toString('base64url'),
  decode(cursor: string): QueuePosition {
    try {
      const [severity, flagCount, at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
      const startedAt = new Date(at as string);
      if (Number.isInteger(severity) && Number.isInteger(flagCount) && !Number.isNaN(startedAt.getTime()) && z.uuid().safeParse(id).success) {
        return { severity: severity as number, flagCount: flagCount as number, startedAt, id: id as string };
      }
    } catch {
      // Not base64 JSON: answered below like any other foreign cursor.
    }
    throw ApiError.field('invalid_parameter', 'cursor', 'is not a cursor this API returned');
  },
};

/** The QA review queue: flagged conversations, most severe first (review scope). */
export function reviewQueueRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', requireScope('review'), async (c) => {
    const { workspace } = c.get('caller');
    const query = c.req.query();
    const q = parseQuery(queueQuery, query);
    const filter = { ...conversationFilter(query, q, workspace), reason: q.reason, status: q.status, assignee: q.assignee };
    const items = await listQueue(deps.db, filter, { limit: q.limit, after: q.cursor === undefined ? undefined : queueCursor.decode(q.cursor) });
    const last = items[items.length - 1];
    return c.json({ items, nextCursor: items.length === q.limit && last ? queueCursor.encode(last) : null });
  });
}

import { Hono } from 'hono';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { listQueue, SAMPLE_STRATA, sampleConversations, type QueuePosition, type SampleStratum } from '../../db/queries/review-queue';
import { REVIEW_STATUSES } from '../../review/status';
import { FLAG_REASONS } from '../../scoring/types';
import { filterQuery, parseFilter } from '../conversation-filter';
import { ApiError } from '../errors';
import { requireScope } from '../middleware/authenticate';
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

const SAMPLE_MAX = 1_000;

export const sampleQuery = filterQuery.extend({
  share: z.coerce.number().gt(0).max(1).default(0.05),
  stratify: z.enum(Object.keys(SAMPLE_STRATA) as [SampleStratum, ...SampleStratum[]]).optional(),
  // The same seed draws the same sample; without one, a new seed is drawn and returned.
  seed: z.string().min(1).max(64).optional(),
});

/** The QA review queue: flagged conversations, most severe first, and calibration samples (review scope). */
export function reviewQueueRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', requireScope('review'), async (c) => {
      const { workspace } = c.get('caller');
      const { q, filter } = parseFilter(queueQuery, c.req.query(), workspace);
      const items = await listQueue(deps.database.db, { ...filter, reason: q.reason, status: q.status, assignee: q.assignee }, { limit: q.limit, after: q.cursor === undefined ? undefined : queueCursor.decode(q.cursor) });
      const last = items[items.length - 1];
      return c.json({ items, nextCursor: items.length === q.limit && last ? queueCursor.encode(last) : null });
    })
    .get('/sample', requireScope('review'), async (c) => {
      const { workspace } = c.get('caller');
      const { q, filter } = parseFilter(sampleQuery, c.req.query(), workspace);
      const seed = q.seed ?? randomUUID();
      const sample = await sampleConversations(deps.database.db, filter, { share: q.share, stratify: q.stratify, seed, max: SAMPLE_MAX });
      return c.json({ share: q.share, stratify: q.stratify ?? null, seed, ...sample, truncated: sample.items.length === SAMPLE_MAX });
    });
}

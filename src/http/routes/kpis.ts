import { Hono } from 'hono';
import { z } from 'zod';
import { KPI_DIMENSIONS, KPI_INTERVALS, queryKpis, type KpiDimension } from '../../db/queries/kpis';
import { FCR_WINDOW_DAYS } from '../../db/queries/first-contact';
import { conversationFilter, filterQuery } from '../conversation-filter';
import { ApiError } from '../errors';
import { requireScope } from '../middleware/authenticate';
import { parseQuery } from '../params';
import type { AppDeps, AppEnv } from '../types';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 731;
const DAY_MS = 86_400_000;
// An hourly series over two years would be 17,520 buckets per group: hours are for short ranges.
const MAX_HOURLY_DAYS = 31;

const dimension = z
  .string()
  .refine((d) => (KPI_DIMENSIONS as readonly string[]).includes(d) || /^attr\.[A-Za-z0-9_.-]{1,64}$/.test(d), {
    message: `each must be one of ${KPI_DIMENSIONS.join(', ')} or attr.KEY`,
  })
  .transform((d) => d as KpiDimension);

export const kpiQuery = filterQuery.extend({
  interval: z.enum(KPI_INTERVALS).optional(),
  groupBy: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',') : []))
    .pipe(z.array(dimension).max(2, 'at most two dimensions').refine((d) => new Set(d).size === d.length, 'must not repeat a dimension')),
  fcrWindowDays: z.coerce.number().int().min(1).max(90).default(FCR_WINDOW_DAYS),
});

export function kpiRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', requireScope('read'), async (c) => {
    const { workspace } = c.get('caller');
    const query = c.req.query();
    const q = parseQuery(kpiQuery, query);
    const filter = conversationFilter(query, q, workspace);
    // `to` is exclusive.
    const to = filter.to ?? new Date();
    const from = filter.from ?? new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
    if (from >= to) throw ApiError.field('invalid_parameter', 'from', 'must be before to');
    const days = (to.getTime() - from.getTime()) / DAY_MS;
    if (days > MAX_DAYS) throw ApiError.field('invalid_parameter', 'from', `the range may span at most ${MAX_DAYS} days`);
    if (q.interval === 'hour' && days > MAX_HOURLY_DAYS) {
      throw ApiError.field('invalid_parameter', 'interval', `hourly series may span at most ${MAX_HOURLY_DAYS} days`);
    }
    const kpis = await queryKpis(deps.db, {
      filter: { ...filter, from, to },
      timeZone: q.timeZone,
      interval: q.interval,
      groupBy: q.groupBy,
      fcrWindowDays: q.fcrWindowDays,
    });
    return c.json({ workspace: workspace.slug, from, to, timeZone: q.timeZone, interval: q.interval ?? null, groupBy: q.groupBy, ...kpis });
  });
}

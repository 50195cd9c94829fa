import { Hono } from 'hono';
import { z } from 'zod';
import { KPI_DIMENSIONS, KPI_INTERVALS, queryKpis, type KpiDimension } from '../../db/queries/kpis';
import { FCR_WINDOW_DAYS } from '../../db/queries/first-contact';
import type { ConversationFilter } from '../../db/queries/conversation-filter';
import { compareSegments } from '../../kpis/compare';
import { filterQuery, parseFilter } from '../conversation-filter';
import { ApiError } from '../errors';
import { requireScope } from '../middleware/authenticate';
import { localDay, localInstant } from '../../lib/time-zone';
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
  // The rollups give percentiles within 1%; exact=true computes everything from the conversations.
  exact: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export const compareQuery = filterQuery.extend({ fcrWindowDays: kpiQuery.shape.fcrWindowDays, exact: kpiQuery.shape.exact });

/**
 * The filter with its range settled, `to` exclusive, at most 731 days. By default the last 30 local
 * days of `timeZone`, today included: whole days, which the rollups answer.
 */
function withRange(filter: ConversationFilter, timeZone: string, prefix = ''): ConversationFilter & { from: Date; to: Date } {
  const today = localDay(Date.now(), timeZone);
  const to = filter.to ?? new Date(localInstant(today + DAY_MS, 0, timeZone));
  const from = filter.from ?? new Date(localInstant(localDay(to.getTime() - 1, timeZone) - (DEFAULT_DAYS - 1) * DAY_MS, 0, timeZone));
  if (from >= to) throw ApiError.field('invalid_parameter', `${prefix}from`, 'must be before to');
  if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) {
    throw ApiError.field('invalid_parameter', `${prefix}from`, `the range may span at most ${MAX_DAYS} days`);
  }
  return { ...filter, from, to };
}

const SEGMENT = /^(a|b)\.(.+)$/;

/** The query of segment `side`: the shared parameters, overridden by those prefixed with "a." or "b.". */
function segmentQuery(query: Record<string, string>, side: 'a' | 'b'): Record<string, string> {
  const shared = Object.entries(query).filter(([name]) => !SEGMENT.test(name));
  const own = Object.entries(query).flatMap(([name, value]) => {
    const m = SEGMENT.exec(name);
    return m && m[1] === side ? [[m[2]!, value] as const] : [];
  });
  return Object.fromEntries([...shared, ...own]);
}

export function kpiRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', requireScope('read'), async (c) => {
      const { workspace } = c.get('caller');
      const parsed = parseFilter(kpiQuery, c.req.query(), workspace);
      const { q, timeZone } = parsed;
      const filter = withRange(parsed.filter, timeZone);
      if (q.interval === 'hour' && filter.to.getTime() - filter.from.getTime() > MAX_HOURLY_DAYS * DAY_MS) {
        throw ApiError.field('invalid_parameter', 'interval', `hourly series may span at most ${MAX_HOURLY_DAYS} days`);
      }
      const kpis = await queryKpis(deps.database.db, { filter, timeZone, interval: q.interval, groupBy: q.groupBy, fcrWindowDays: q.fcrWindowDays }, { exact: q.exact, exactBelow: deps.kpiExactBelow });
      const { from, to } = filter;
      return c.json({ workspace: workspace.slug, from, to, timeZone, interval: q.interval ?? null, groupBy: q.groupBy, ...kpis });
    })
    .get('/compare', requireScope('read'), async (c) => {
      const { workspace } = c.get('caller');
      const query = c.req.query();
      const segments = (['a', 'b'] as const).map((side) => {
        const { q, filter, timeZone } = parseFilter(compareQuery, segmentQuery(query, side), workspace, `${side}.`);
        return { side, q, timeZone, filter: withRange(filter, timeZone, `${side}.`) };
      });
      const [a, b] = await Promise.all(
        segments.map(({ q, timeZone, filter }) => queryKpis(deps.database.db, { filter, timeZone, groupBy: [], fcrWindowDays: q.fcrWindowDays }, { exact: q.exact, exactBelow: deps.kpiExactBelow })),
      );
      const describe = (s: (typeof segments)[number]) => ({ from: s.filter.from, to: s.filter.to, filters: segmentQuery(query, s.side) });
      return c.json({
        workspace: workspace.slug,
        a: { ...describe(segments[0]!), computedFrom: a!.computedFrom, ...a!.summary },
        b: { ...describe(segments[1]!), computedFrom: b!.computedFrom, ...b!.summary },
        comparisons: compareSegments(a!.summary, b!.summary),
      });
    });
}

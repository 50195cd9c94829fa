import { Hono } from 'hono';
import { z } from 'zod';
import { queryKpis } from '../../db/queries/kpis';
import { ApiError } from '../errors';
import { requireScope } from '../middleware/authenticate';
import { dateOrInstant, instant, parseQuery, timeZoneParam } from '../params';
import type { AppDeps, AppEnv } from '../types';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 731;
const DAY_MS = 86_400_000;

export const kpiQuery = z.object({
  from: dateOrInstant.optional(),
  to: dateOrInstant.optional(),
  timeZone: timeZoneParam,
});

export function kpiRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', requireScope('read'), async (c) => {
    const { workspace } = c.get('caller');
    const query = parseQuery(kpiQuery, c.req.query());
    // `to` is exclusive.
    const to = query.to ? instant(query.to, query.timeZone) : new Date();
    const from = query.from ? instant(query.from, query.timeZone) : new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
    if (from >= to) throw ApiError.field('invalid_parameter', 'from', 'must be before to');
    if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) {
      throw ApiError.field('invalid_parameter', 'from', `the range may span at most ${MAX_DAYS} days`);
    }
    const kpis = await queryKpis(deps.db, { workspaceId: workspace.id, from, to, timeZone: query.timeZone });
    return c.json({ workspace: workspace.slug, from, to, timeZone: query.timeZone, ...kpis });
  });
}

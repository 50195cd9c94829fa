import { Hono } from 'hono';
import { z } from 'zod';
import { workspaceSlug } from '../../contract/conversation';
import { queryKpis } from '../../db/queries/kpis';
import { isTimeZone, startOfLocalDay } from '../../lib/time-zone';
import { ApiError } from '../errors';
import { parseQuery, resolveWorkspace } from '../params';
import type { AppDeps, AppEnv } from '../types';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 731;
const DAY_MS = 86_400_000;

const dateOrInstant = z.union([
  z.iso.date(),
  z.iso.datetime({ offset: true, message: 'must be a date (2026-03-01) or an ISO 8601 date-time with a time zone' }),
]);

const kpiQuery = z.object({
  workspace: workspaceSlug,
  from: dateOrInstant.optional(),
  to: dateOrInstant.optional(),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Lisbon').default('UTC'),
});

/** A bare date means local midnight in the requested time zone; `to` is exclusive. */
function instant(value: string, timeZone: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? startOfLocalDay(value, timeZone) : new Date(value);
}

export function kpiRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const query = parseQuery(kpiQuery, c.req.query());
    const to = query.to ? instant(query.to, query.timeZone) : new Date();
    const from = query.from ? instant(query.from, query.timeZone) : new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
    if (from >= to) throw ApiError.field('invalid_parameter', 'from', 'must be before to');
    if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) {
      throw ApiError.field('invalid_parameter', 'from', `the range may span at most ${MAX_DAYS} days`);
    }
    const workspaceId = await resolveWorkspace(deps.db, query.workspace);
    const kpis = await queryKpis(deps.db, { workspaceId, from, to, timeZone: query.timeZone });
    return c.json({ workspace: query.workspace, from, to, timeZone: query.timeZone, ...kpis });
  });
}

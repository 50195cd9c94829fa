import { Hono } from 'hono';
import { latestReviews } from '../../db/queries/reviews';
import { measureAgreement } from '../../review/agreement';
import { filterQuery, parseFilter } from '../conversation-filter';
import { requireScope } from '../middleware/authenticate';
import type { AppDeps, AppEnv } from '../types';

/** How often the reviewers agree with Parley's labels, over the latest review of each conversation (read scope). */
export function agreementRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', requireScope('read'), async (c) => {
    const { filter } = parseFilter(filterQuery, c.req.query(), c.get('caller').workspace);
    return c.json(measureAgreement(await latestReviews(deps.database.db, filter)));
  });
}

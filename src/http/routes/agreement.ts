import { Hono } from 'hono';
import { latestReviews } from '../../db/queries/reviews';
import { measureAgreement } from '../../review/agreement';
import { conversationFilter, filterQuery } from '../conversation-filter';
import { requireScope } from '../middleware/authenticate';
import { parseQuery } from '../params';
import type { AppDeps, AppEnv } from '../types';

/** How often the reviewers agree with Parley's labels, over the latest review of each conversation (read scope). */
export function agreementRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', requireScope('read'), async (c) => {
    const { workspace } = c.get('caller');
    const query = c.req.query();
    const q = parseQuery(filterQuery, query);
    return c.json(measureAgreement(await latestReviews(deps.db, conversationFilter(query, q, workspace))));
  });
}

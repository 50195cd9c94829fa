import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import type { CallerCache } from '../../auth/caller-cache';
import { ApiError } from '../errors';
import { authenticate, requireScope } from '../middleware/authenticate';
import type { AppDeps, AppEnv } from '../types';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * The dashboard shows the whole queue, every workspace's jobs (ids and errors, never content), so it
 * is for the operator: admin keys of OPERATOR_WORKSPACE only. Unset, nobody gets it.
 */
function requireOperator(operatorWorkspace: string | undefined): MiddlewareHandler<AppEnv> {
  return async function requireOperatorMiddleware(c, next) {
    if (!operatorWorkspace || c.get('caller').workspace.slug !== operatorWorkspace) {
      throw new ApiError('forbidden', 'the queue dashboard is for admin keys of the operator workspace (OPERATOR_WORKSPACE)');
    }
    await next();
  };
}

/** bull-board at /admin/queues: browse the scoring queue, and retry or clean jobs. */
export function queueDashboardRoutes(deps: AppDeps, callers: CallerCache) {
  const adapter = new HonoAdapter(serveStatic);
  adapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(deps.queue.bull, { description: 'live jobs first; backfill and re-score batches have priority 10' })],
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Parley queues' } },
  });
  return new Hono<AppEnv>()
    .use(authenticate(deps, callers), requireScope('admin'), requireOperator(deps.operatorWorkspace))
    .route('/', adapter.registerPlugin());
}

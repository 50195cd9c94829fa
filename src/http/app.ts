import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { createCallerCache } from '../auth/caller-cache';
import { isDatabaseUnavailable } from '../db/errors';
import { httpMetrics } from '../metrics/http';
import { registerPoolMetrics } from '../metrics/postgres-pool';
import { registerQueueMetrics } from '../metrics/queue';
import { createRegistry } from '../metrics/registry';
import { accessLog } from './middleware/access-log';
import { authenticate } from './middleware/authenticate';
import { rateLimit } from './middleware/rate-limit';
import { ApiError, problem } from './errors';
import { auditRoutes } from './routes/audit';
import { conversationRoutes } from './routes/conversations';
import { docsRoutes } from './routes/docs';
import { erasureRoutes } from './routes/erasures';
import { healthRoutes } from './routes/health';
import { keyRoutes } from './routes/keys';
import { jobRoutes } from './routes/jobs';
import { kpiRoutes } from './routes/kpis';
import { metricsRoutes } from './routes/metrics';
import { QUEUE_DASHBOARD_PATH, queueDashboardRoutes } from './routes/queue-dashboard';
import { reviewQueueRoutes } from './routes/review-queue';
import { uiSessionRoutes } from './routes/ui-session';
import { uiRoutes } from './routes/ui';
import { rubricRoutes } from './routes/rubric';
import { agreementRoutes } from './routes/agreement';
import { workspaceRoutes } from './routes/workspace';
import type { AppDeps, AppEnv } from './types';

const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * 413 for a body over `maxSize`. A declared length is checked without reading the body: Node's
 * parser delivers exactly that many bytes, and touching `c.req.raw.body` (as hono's bodyLimit
 * does) would make @hono/node-server build the web Request that its direct read of the body
 * avoids, the largest cost the API had left (docs/operations.md, "The API under load"). A chunked
 * body is counted as it is read, by hono's bodyLimit.
 */
const limitBody = (maxSize: number): MiddlewareHandler => {
  const tooLarge = (c: Context) => {
    const message = `the body may be at most ${maxSize} bytes`;
    return problem(c, new ApiError('payload_too_large', message, [{ field: '(body)', message }]));
  };
  const counted = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    return Number(declared) > maxSize ? tooLarge(c) : next();
  };
};

/** Builds the API without listening, so tests call it with app.request() and server.ts serves it. */
export function createApp(deps: AppDeps) {
  const callers = createCallerCache(deps.apiKeyCacheSeconds);
  const registry = createRegistry();
  registerQueueMetrics(registry, deps.queue.bull);
  registerPoolMetrics(registry, deps.database.db, deps.database);
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(httpMetrics(registry));
  app.use(accessLog(deps.logger));
  // Who is calling is settled before any body is read: an anonymous caller cannot make us parse 10 MB.
  app.use('/v1/*', authenticate(deps, callers));
  app.use('/v1/*', rateLimit(deps));
  app.use('/v1/*', limitBody(deps.maxBodyBytes));
  // Sign-in takes nobody's word for who they are yet: a key fits in a few hundred bytes.
  app.use('/ui/session', limitBody(4_096));

  const health = healthRoutes(deps);
  app.route('/livez', health.live);
  app.route('/readyz', health.ready);
  app.route('/healthz', health.ready);
  app.route('/metrics', metricsRoutes(deps, registry));
  app.route('/', docsRoutes());
  app.route('/ui/session', uiSessionRoutes(deps));
  app.route('/', uiRoutes());
  app.route('/v1/conversations', conversationRoutes(deps));
  app.route('/v1/kpis', kpiRoutes(deps));
  app.route('/v1/review-queue', reviewQueueRoutes(deps));
  app.route('/v1/agreement', agreementRoutes(deps));
  app.route('/v1/rubric', rubricRoutes(deps));
  app.route('/v1/keys', keyRoutes(deps, callers));
  app.route('/v1/workspace', workspaceRoutes(deps, callers));
  app.route('/v1/erasures', erasureRoutes(deps));
  app.route('/v1/audit', auditRoutes(deps));
  app.route('/v1/jobs', jobRoutes(deps));
  app.route(QUEUE_DASHBOARD_PATH, queueDashboardRoutes(deps, callers));
  // The dashboard's own links lead to its base with a trailing slash.
  app.get(`${QUEUE_DASHBOARD_PATH}/`, (c) => c.redirect(QUEUE_DASHBOARD_PATH));

  app.notFound((c) => problem(c, new ApiError('not_found', `no route ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      if (error.code === 'unauthorized') c.header('WWW-Authenticate', 'Bearer realm="parley"');
      return problem(c, error);
    }
    if (isDatabaseUnavailable(error)) {
      deps.logger.warn({ err: error, requestId: c.get('requestId') }, 'database unavailable');
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      return problem(c, new ApiError('service_unavailable', 'the database is unavailable; nothing was stored, retry later'));
    }
    deps.logger.error({ err: error, requestId: c.get('requestId') }, 'unhandled error');
    return problem(c, new ApiError('internal_error', 'something went wrong; the request id identifies it in the logs'));
  });
  return app;
}

export type App = ReturnType<typeof createApp>;

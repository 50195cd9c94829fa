import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { isDatabaseUnavailable } from '../db/errors';
import { accessLog } from './middleware/access-log';
import { ApiError, problem } from './errors';
import { conversationRoutes } from './routes/conversations';
import { healthRoutes } from './routes/health';
import { kpiRoutes } from './routes/kpis';
import type { AppDeps, AppEnv } from './types';

const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Builds the API without listening, so tests call it with app.request() and server.ts serves it. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(accessLog(deps.logger));
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: deps.maxBodyBytes,
      onError: (c) => problem(c, new ApiError('payload_too_large', `the body may be at most ${deps.maxBodyBytes} bytes`)),
    }),
  );

  app.route('/healthz', healthRoutes(deps));
  app.route('/v1/conversations', conversationRoutes(deps));
  app.route('/v1/kpis', kpiRoutes(deps));

  app.notFound((c) => problem(c, new ApiError('not_found', `no route ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => {
    if (error instanceof ApiError) return problem(c, error);
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

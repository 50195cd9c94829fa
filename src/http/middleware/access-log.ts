import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../lib/logger';
import { routeLabel } from '../route-label';
import type { AppEnv } from '../types';

/**
 * One line per request: the route pattern, never the raw URL, so query values stay out of logs; the
 * caller's workspace and key once authenticated.
 */
export function accessLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async function accessLogMiddleware(c, next) {
    const started = performance.now();
    await next();
    logger.info(
      {
        requestId: c.get('requestId'),
        workspaceId: c.get('caller')?.workspace.id,
        keyId: c.get('caller')?.keyId,
        conversationId: c.get('conversationId'),
        method: c.req.method,
        route: routeLabel(c),
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  };
}

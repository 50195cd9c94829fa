import { Hono } from 'hono';
import { checkReadiness, livenessBody, readinessBody } from '../../health/readiness';
import type { AppDeps, AppEnv } from '../types';

/**
 * /livez: the process answers (restart it if not); it never looks at Postgres or Redis.
 * /readyz: it can take work now (Postgres and Redis answer, not shutting down); /healthz is the
 * same check under its older name.
 */
export function healthRoutes(deps: AppDeps) {
  const ready = new Hono<AppEnv>().get('/', async (c) => {
    const state = await checkReadiness(deps.database.db, deps.redis, deps.draining?.() ?? false);
    return c.json(readinessBody(state), state.ready ? 200 : 503);
  });
  return {
    live: new Hono<AppEnv>().get('/', (c) => c.json(livenessBody())),
    ready,
  };
}

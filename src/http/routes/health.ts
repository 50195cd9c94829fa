import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../types';

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(check: Promise<boolean>): Promise<boolean> {
  return Promise.race([check, new Promise<boolean>((resolve) => setTimeout(resolve, CHECK_TIMEOUT_MS, false))]);
}

export function healthRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const [postgres, redis] = await Promise.all([
      withTimeout(deps.db.execute(sql`select 1`).then(() => true, () => false)),
      withTimeout(deps.queue.ping()),
    ]);
    const ok = postgres && redis;
    return c.json({ status: ok ? 'ok' : 'unavailable', postgres, redis }, ok ? 200 : 503);
  });
}

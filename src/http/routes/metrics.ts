import { Hono } from 'hono';
import type { Registry } from 'prom-client';
import { scrapeAllowed } from '../../metrics/scrape-auth';
import { ApiError } from '../errors';
import type { AppDeps, AppEnv } from '../types';

/** Prometheus exposition of this API process's registry. */
export function metricsRoutes(deps: AppDeps, registry: Registry) {
  return new Hono<AppEnv>().get('/', async (c) => {
    if (!scrapeAllowed(c.req.header('authorization'), deps.metricsToken)) throw new ApiError('unauthorized', 'this scrape needs the METRICS_TOKEN bearer token');
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType });
  });
}

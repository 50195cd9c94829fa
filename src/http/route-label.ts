import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

/** How hono marks what `app.use` registers: middleware for every method. */
const EVERY_METHOD = 'ALL';

/**
 * The route pattern a request is counted and logged under, never the raw URL (ids would explode
 * the series and reach the logs). A request that a middleware of every route refused
 * (authentication, the rate limit, the body limit) goes under the route it asked for, the first
 * route matched after that middleware, and not under the middleware's own pattern ("/v1/*"), which
 * would pool every route's 401s, 413s and 429s into one series.
 */
export function routeLabel(c: Context): string {
  const routes = matchedRoutes(c);
  const answered = routes[c.req.routeIndex];
  if (answered?.method !== EVERY_METHOD) return answered?.path ?? '';
  return routes.slice(c.req.routeIndex + 1).find((route) => route.method !== EVERY_METHOD)?.path ?? answered.path;
}

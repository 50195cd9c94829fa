import type { MiddlewareHandler } from 'hono';
import { Histogram, type Registry } from 'prom-client';
import { routeLabel } from '../http/route-label';

/** Request latency by method, route pattern (never the raw URL: ids would explode the series) and status. */
export function httpMetrics(registry: Registry): MiddlewareHandler {
  const duration = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'API request latency, from the first middleware to the response, by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return async function httpMetricsMiddleware(c, next) {
    const end = duration.startTimer();
    await next();
    end({ method: c.req.method, route: routeLabel(c), status: String(c.res.status) });
  };
}

import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors';
import { createGcraLimiter, type RateVerdict } from '../gcra-limiter';
import type { AppDeps, AppEnv } from '../types';

const BURST_SHARE_OF_MINUTE = 0.1;

/**
 * 429 with Retry-After when a key exceeds its rate. If Redis cannot answer, the request goes
 * through: an outage of the limiter must not become an outage of ingest (the log says so).
 */
export function rateLimit(deps: Pick<AppDeps, 'redis' | 'keyPrefix' | 'logger' | 'rateLimitPerMinute'>): MiddlewareHandler<AppEnv> {
  const limiter = createGcraLimiter(deps.redis);
  return async function rateLimitMiddleware(c, next) {
    const caller = c.get('caller');
    const perMinute = caller.rateLimitPerMinute ?? deps.rateLimitPerMinute;
    const interval = 60_000 / perMinute;
    const burst = Math.max(1, Math.floor(perMinute * BURST_SHARE_OF_MINUTE));
    let verdict: RateVerdict | null = null;
    try {
      verdict = await limiter.check(`${deps.keyPrefix}:rate:${caller.keyId}`, interval, interval * (burst - 1));
    } catch (error) {
      deps.logger.warn({ err: error, keyId: caller.keyId }, 'rate limiter unavailable; request allowed');
    }
    if (verdict) {
      c.header('RateLimit-Limit', String(perMinute));
      if (!verdict.allowed) {
        const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
        c.header('Retry-After', String(seconds));
        c.header('RateLimit-Remaining', '0');
        throw new ApiError('rate_limited', `at most ${perMinute} requests a minute for this key; retry in ${seconds} s`);
      }
      c.header('RateLimit-Remaining', String(verdict.remaining));
    }
    await next();
  };
}

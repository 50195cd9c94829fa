import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors';
import type { AppDeps, AppEnv } from '../types';

/**
 * GCRA (the generic cell rate algorithm) in one Redis script: a key may spend its per-minute budget
 * evenly, with bursts of up to a tenth of a minute's budget at once. Redis's clock, not the API's,
 * so several API processes share one limit. Returns {allowed, retryAfterMs or remaining}.
 */
const GCRA = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
if tat - now > tolerance then
  return {0, tat - now - tolerance}
end
local next_tat = tat + interval
redis.call('SET', KEYS[1], next_tat, 'PX', math.ceil(next_tat - now) + 1000)
return {1, math.floor((tolerance + interval - (next_tat - now)) / interval)}
`;

const BURST_SHARE_OF_MINUTE = 0.1;

type LimitedRedis = AppDeps['redis'] & {
  parleyRateLimit(key: string, intervalMs: number, toleranceMs: number): Promise<[number, number]>;
};

/**
 * 429 with Retry-After when a key exceeds its rate. If Redis cannot answer, the request goes
 * through: an outage of the limiter must not become an outage of ingest (the log says so).
 */
export function rateLimit(deps: Pick<AppDeps, 'redis' | 'keyPrefix' | 'logger' | 'rateLimitPerMinute'>): MiddlewareHandler<AppEnv> {
  // defineCommand sends the script once and then calls it by its SHA (EVALSHA).
  if (!('parleyRateLimit' in deps.redis)) deps.redis.defineCommand('parleyRateLimit', { numberOfKeys: 1, lua: GCRA });
  const redis = deps.redis as LimitedRedis;
  return async function rateLimitMiddleware(c, next) {
    const caller = c.get('caller');
    const perMinute = caller.rateLimitPerMinute ?? deps.rateLimitPerMinute;
    const interval = 60_000 / perMinute;
    const burst = Math.max(1, Math.floor(perMinute * BURST_SHARE_OF_MINUTE));
    let verdict: [number, number] | null = null;
    try {
      verdict = await redis.parleyRateLimit(`${deps.keyPrefix}:rate:${caller.keyId}`, interval, interval * (burst - 1));
    } catch (error) {
      deps.logger.warn({ err: error, keyId: caller.keyId }, 'rate limiter unavailable; request allowed');
    }
    if (verdict) {
      const [allowed, value] = verdict;
      c.header('RateLimit-Limit', String(perMinute));
      if (!allowed) {
        const seconds = Math.max(1, Math.ceil(value / 1000));
        c.header('Retry-After', String(seconds));
        c.header('RateLimit-Remaining', '0');
        throw new ApiError('rate_limited', `at most ${perMinute} requests a minute for this key; retry in ${seconds} s`);
      }
      c.header('RateLimit-Remaining', String(Math.max(0, value)));
    }
    await next();
  };
}

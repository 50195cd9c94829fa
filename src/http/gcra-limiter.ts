import type { Redis } from 'ioredis';

/**
 * GCRA (the generic cell rate algorithm) in one Redis script, for `count` requests of one key in
 * their order: each allowed request moves the key's theoretical arrival time (TAT) on by one
 * interval, and once the TAT would lie more than the tolerance ahead of now, that request and all
 * after it are refused. Redis's clock, not the API's, so several API processes share one limit.
 * Returns {allowed, remaining after the first allowed one, ms until a refused one could pass}.
 */
const GCRA = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local count = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local remaining = math.floor((tolerance - (tat - now)) / interval)
local allowed = 0
while allowed < count and tat - now <= tolerance do
  tat = tat + interval
  allowed = allowed + 1
end
if allowed > 0 then
  redis.call('SET', KEYS[1], tat, 'PX', math.ceil(tat - now) + 1000)
end
return {allowed, remaining, tat - now - tolerance}
`;

export interface RateVerdict {
  allowed: boolean;
  /** Requests left in the burst after this one. */
  remaining: number;
  /** For a refused request: how long until one would pass. */
  retryAfterMs: number;
}

export interface GcraLimiter {
  /** Spends one request of `key`'s budget: one every `intervalMs`, up to `toleranceMs` ahead. Rejects when Redis cannot answer. */
  check(key: string, intervalMs: number, toleranceMs: number): Promise<RateVerdict>;
}

type LimitedRedis = Redis & {
  parleyGcra(key: string, intervalMs: number, toleranceMs: number, count: number): Promise<[number, number, number]>;
};

interface Batch {
  intervalMs: number;
  toleranceMs: number;
  waiting: { resolve(verdict: RateVerdict): void; reject(error: unknown): void }[];
}

/**
 * Checks of one key that arrive while an earlier check of it is in flight go to Redis together, as
 * one script call for all of them, with the verdicts each would have had one by one, in arrival
 * order. Under load one busy key makes a round trip per batch instead of one per request; a lone
 * request is sent at once.
 */
export function createGcraLimiter(redis: Redis): GcraLimiter {
  // defineCommand sends the script once and then calls it by its SHA (EVALSHA).
  if (!('parleyGcra' in redis)) redis.defineCommand('parleyGcra', { numberOfKeys: 1, lua: GCRA });
  const limited = redis as LimitedRedis;
  const pending = new Map<string, Batch>();
  const inFlight = new Set<string>();

  async function send(key: string): Promise<void> {
    inFlight.add(key);
    try {
      for (let batch = pending.get(key); batch; batch = pending.get(key)) {
        pending.delete(key);
        const { waiting } = batch;
        try {
          const [allowed, remaining, retryAfterMs] = await limited.parleyGcra(key, batch.intervalMs, batch.toleranceMs, waiting.length);
          waiting.forEach((w, i) =>
            w.resolve(i < allowed ? { allowed: true, remaining: Math.max(0, remaining - i), retryAfterMs: 0 } : { allowed: false, remaining: 0, retryAfterMs }),
          );
        } catch (error) {
          waiting.forEach((w) => w.reject(error));
        }
      }
    } finally {
      inFlight.delete(key);
    }
  }

  return {
    check(key, intervalMs, toleranceMs) {
      return new Promise<RateVerdict>((resolve, reject) => {
        let batch = pending.get(key);
        if (!batch) pending.set(key, (batch = { intervalMs, toleranceMs, waiting: [] }));
        // A key's limit changed mid-batch applies to the whole batch.
        batch.intervalMs = intervalMs;
        batch.toleranceMs = toleranceMs;
        batch.waiting.push({ resolve, reject });
        if (!inFlight.has(key)) void send(key);
      });
    },
  };
}

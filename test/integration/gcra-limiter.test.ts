import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGcraLimiter, type RateVerdict } from '../../src/http/gcra-limiter';
import { producerConnection } from '../../src/queue/connection';
import { testConfig, uniqueId } from '../support/stack';

const config = testConfig();
const redis = producerConnection(config.REDIS_URL);
// The API's connection refuses commands until it is connected.
beforeAll(async () => {
  if (redis.status !== 'ready') await once(redis, 'ready');
});
afterAll(() => redis.quit());

// 60 a minute with a burst of 6: one every second, up to 5 seconds ahead.
const INTERVAL = 1_000;
const TOLERANCE = 5_000;
const key = () => `${config.QUEUE_PREFIX}:rate:${uniqueId('k')}`;

describe('GCRA limiter', () => {
  it('gives requests checked together the verdicts they would get one by one', async () => {
    const limiter = createGcraLimiter(redis);
    const [together, alone] = [key(), key()];
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => limiter.check(together, INTERVAL, TOLERANCE)));
    const sequential: RateVerdict[] = [];
    for (let i = 0; i < 10; i++) sequential.push(await limiter.check(alone, INTERVAL, TOLERANCE));

    for (const verdicts of [concurrent, sequential]) {
      expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, true, true, true, false, false, false, false]);
      expect(verdicts.slice(0, 6).map((v) => v.remaining)).toEqual([5, 4, 3, 2, 1, 0]);
      for (const refused of verdicts.slice(6)) expect(refused.retryAfterMs).toBeGreaterThan(900);
    }
  });

  it('sends the checks that arrive during a round trip in one script call', async () => {
    const limiter = createGcraLimiter(redis);
    const k = key();
    const monitor = new Redis(config.REDIS_URL);
    const calls: string[] = [];
    const session = await monitor.monitor();
    session.on('monitor', (_time: string, args: string[]) => {
      if (args.includes(k) && args[0]?.toLowerCase().startsWith('eval')) calls.push(args.at(-1)!);
    });
    await Promise.all(Array.from({ length: 20 }, () => limiter.check(k, 100, 10_000)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    session.disconnect();
    monitor.disconnect();
    // The first check goes alone; the 19 that came while it was in flight share the next call.
    expect(calls).toEqual(['1', '19']);
  });

  it('keeps keys apart, and lets a key pass again once its interval has gone by', async () => {
    const limiter = createGcraLimiter(redis);
    const [busy, calm] = [key(), key()];
    await Promise.all(Array.from({ length: 7 }, () => limiter.check(busy, INTERVAL, TOLERANCE)));
    expect((await limiter.check(calm, INTERVAL, TOLERANCE)).allowed).toBe(true);
    expect((await limiter.check(busy, INTERVAL, TOLERANCE)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await limiter.check(busy, INTERVAL, TOLERANCE)).allowed).toBe(true);
  });

  it('rejects every check of a batch when Redis cannot answer', async () => {
    const offline = new Redis(config.REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    const limiter = createGcraLimiter(offline);
    const k = key();
    const outcomes = await Promise.allSettled(Array.from({ length: 3 }, () => limiter.check(k, INTERVAL, TOLERANCE)));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    offline.disconnect();
  });
});

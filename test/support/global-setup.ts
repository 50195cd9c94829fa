import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { parseConfig } from '../../src/config/env';
import { dropDatabase, ensureDatabase, runMigrations } from '../../src/db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    queuePrefix: string;
  }
}

/** One database and one Redis key prefix per test run, so concurrent runs never see each other. */
export default async function setup(project: TestProject) {
  const base = parseConfig(process.env);
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = new URL(base.DATABASE_URL);
  url.pathname = `/parley_test_${runId}`;
  const databaseUrl = url.toString();
  const queuePrefix = `parley-test-${runId}`;

  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', base.REDIS_URL);
  project.provide('queuePrefix', queuePrefix);

  return async () => {
    await dropDatabase(databaseUrl);
    const redis = new Redis(base.REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  };
}

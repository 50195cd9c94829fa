import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { parseConfig, type Config } from '../../src/config/env';
import { createDb, type DbHandle } from '../../src/db/client';
import { createApp, type App } from '../../src/http/app';
import { createLogger } from '../../src/lib/logger';
import { producerConnection } from '../../src/queue/connection';
import { createScoreQueue, type ScoreQueue } from '../../src/queue/score-queue';

export const uniqueId = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;

/** Settings for this test file: the run's database, and a queue prefix of its own. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: uniqueId(inject('queuePrefix')),
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export interface TestStack {
  config: Config;
  database: DbHandle;
  redis: Redis;
  queue: ScoreQueue;
  app: App;
  /** Errors the score queue reported (enqueue failures); a healthy test expects none. */
  queueErrors: Error[];
  close(): Promise<void>;
}

/** The API's real dependencies (Postgres, Redis, BullMQ), wired as src/server.ts wires them. */
export async function createTestStack(overrides: Record<string, string> = {}): Promise<TestStack> {
  const config = testConfig(overrides);
  const logger = createLogger(config.LOG_LEVEL);
  const database = createDb(config.DATABASE_URL, { max: 4 });
  const redis = producerConnection(config.REDIS_URL);
  await new Promise<void>((resolve, reject) => {
    redis.once('ready', resolve);
    redis.once('error', reject);
  });
  const queueErrors: Error[] = [];
  const queue = createScoreQueue(redis, config.QUEUE_PREFIX, (error) => queueErrors.push(error));
  const app = createApp({ db: database.db, queue, logger, maxBodyBytes: config.MAX_BODY_BYTES });
  return {
    config,
    database,
    redis,
    queue,
    app,
    queueErrors,
    async close() {
      await queue.close();
      await redis.quit();
      await database.close();
    },
  };
}

export function postJson(app: App, path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A response body as loosely typed JSON, for assertions. */
export const json = (res: Response): Promise<any> => res.json();

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { parseConfig, type Config } from '../../src/config/env';
import { SCOPES, type Scope } from '../../src/auth/api-key';
import { createDb, type Database, type DbHandle } from '../../src/db/client';
import { createApiKey } from '../../src/db/queries/api-keys';
import { ensureWorkspace } from '../../src/db/queries/workspaces';
import { createApp, type App } from '../../src/http/app';
import { configuredDeps, type AppDeps } from '../../src/http/types';
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
  /** What the app was built from, for tests that build a variant with one part swapped. */
  deps: AppDeps;
  /** Errors the score queue reported (enqueue failures); a healthy test expects none. */
  queueErrors: Error[];
  /** A new workspace with a key of these scopes (all four by default). */
  tenant(scopes?: readonly Scope[]): Promise<Tenant>;
  close(): Promise<void>;
}

export interface Tenant {
  id: string;
  slug: string;
  keyId: string;
  /** The Authorization header of the tenant's key. */
  auth: Record<string, string>;
}

/** A workspace (created if new) and a fresh API key for it, made the way npm run keys makes them. */
export async function createTenant(
  db: Database,
  scopes: readonly Scope[] = SCOPES,
  slug = uniqueId('ws'),
  rateLimitPerMinute: number | null = null,
): Promise<Tenant> {
  const { id } = await ensureWorkspace(db, slug);
  const { key, token } = await createApiKey(db, { workspaceId: id, name: 'test', scopes: [...scopes], rateLimitPerMinute });
  return { id, slug, keyId: key.id, auth: { authorization: `Bearer ${token}` } };
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
  const deps: AppDeps = { database, queue, redis, logger, ...configuredDeps(config) };
  const app = createApp(deps);
  return {
    config,
    database,
    redis,
    queue,
    app,
    queueErrors,
    deps,
    tenant: (scopes) => createTenant(database.db, scopes),
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

export function getJson(app: App, path: string, headers: Record<string, string> = {}) {
  return app.request(path, { headers });
}

/** A response body as loosely typed JSON, for assertions. */
export const json = (res: Response): Promise<any> => res.json();

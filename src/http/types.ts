import type { Redis } from 'ioredis';
import type { RequestIdVariables } from 'hono/request-id';
import type { Database } from '../db/client';
import type { Caller } from '../db/queries/api-keys';
import type { Logger } from '../lib/logger';
import type { ScoreQueue } from '../queue/score-queue';

export interface AppDeps {
  db: Database;
  queue: ScoreQueue;
  /** The API's Redis connection: rate-limit counters live there, under `keyPrefix`. */
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
  maxBodyBytes: number;
  /** Requests per minute for keys without a limit of their own. */
  rateLimitPerMinute: number;
}

export type AppEnv = { Variables: RequestIdVariables & { caller: Caller } };

import type { Redis } from 'ioredis';
import type { RequestIdVariables } from 'hono/request-id';
import type { Config } from '../config/env';
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
  /** KPI queries over fewer conversations are computed exactly from the conversations. */
  kpiExactBelow: number;
}

/** The settings part of AppDeps, from the validated configuration. */
export function configuredDeps(config: Config): Pick<AppDeps, 'keyPrefix' | 'maxBodyBytes' | 'rateLimitPerMinute' | 'kpiExactBelow'> {
  return {
    keyPrefix: config.QUEUE_PREFIX,
    maxBodyBytes: config.MAX_BODY_BYTES,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    kpiExactBelow: config.KPI_EXACT_BELOW,
  };
}

export type AppEnv = { Variables: RequestIdVariables & { caller: Caller } };

import type { Redis } from 'ioredis';
import type { RequestIdVariables } from 'hono/request-id';
import type { Config } from '../config/env';
import type { DbHandle } from '../db/client';
import type { Caller } from '../db/queries/api-keys';
import type { Logger } from '../lib/logger';
import type { ScoreQueue } from '../queue/score-queue';

export interface AppDeps {
  /** The process's Postgres pool: `db` for drizzle's queries, `sql` for raw ones. */
  database: DbHandle;
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
  /** Slug of the workspace whose admin keys open the queue dashboard; none when unset. */
  operatorWorkspace: string | undefined;
  /** How long an authenticated bearer token is remembered (API_KEY_CACHE_SECONDS). */
  apiKeyCacheSeconds: number;
  /** When set, /metrics asks for it as a bearer token. */
  metricsToken: string | undefined;
  /** True once shutdown has begun: readiness then says no, so balancers stop sending work. */
  draining?: () => boolean;
}

/** The settings part of AppDeps, from the validated configuration. */
export function configuredDeps(config: Config): Pick<AppDeps, 'keyPrefix' | 'maxBodyBytes' | 'rateLimitPerMinute' | 'kpiExactBelow' | 'metricsToken' | 'operatorWorkspace' | 'apiKeyCacheSeconds'> {
  return {
    apiKeyCacheSeconds: config.API_KEY_CACHE_SECONDS,
    metricsToken: config.METRICS_TOKEN,
    operatorWorkspace: config.OPERATOR_WORKSPACE,
    keyPrefix: config.QUEUE_PREFIX,
    maxBodyBytes: config.MAX_BODY_BYTES,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    kpiExactBelow: config.KPI_EXACT_BELOW,
  };
}

/** `conversationId`: the one conversation a single post stored, for its access-log line. */
export type AppEnv = { Variables: RequestIdVariables & { caller: Caller; conversationId?: string } };

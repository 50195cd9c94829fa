import type { RequestIdVariables } from 'hono/request-id';
import type { Database } from '../db/client';
import type { Logger } from '../lib/logger';
import type { ScoreQueue } from '../queue/score-queue';

export interface AppDeps {
  db: Database;
  queue: ScoreQueue;
  logger: Logger;
  maxBodyBytes: number;
}

export type AppEnv = { Variables: RequestIdVariables };

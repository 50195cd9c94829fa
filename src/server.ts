import { serve } from '@hono/node-server';
import { loadConfigOrExit } from './config/env';
import { createDb } from './db/client';
import { warnIfDriverUnpatched } from './db/driver-patch';
import { createApp } from './http/app';
import { configuredDeps } from './http/types';
import { exitOnListenFailure } from './lib/listen-failure';
import { createLogger } from './lib/logger';
import { onShutdown } from './lib/shutdown';
import { producerConnection } from './queue/connection';
import { createScoreQueue } from './queue/score-queue';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, { process: 'api' });
warnIfDriverUnpatched(logger);
const database = createDb(config.DATABASE_URL, { max: config.DB_POOL_MAX, applicationName: 'parley-api' });
const redis = producerConnection(config.REDIS_URL);
redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
const queue = createScoreQueue(redis, config.QUEUE_PREFIX, (error) => logger.warn({ err: error }, 'score queue error'));

let draining = false;
const app = createApp({ database, queue, redis, logger, ...configuredDeps(config), draining: () => draining });
const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }, (info) => {
  logger.info({ url: `http://${config.HOST}:${info.port}` }, 'api listening');
});
server.once('error', (error) => exitOnListenFailure(logger, 'PORT', config.HOST, config.PORT, error));

onShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
  draining = true;
  // Stop accepting connections and let in-flight requests finish before the pools go away.
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await queue.close();
  await redis.quit().catch(() => redis.disconnect());
  await database.close();
});

import { Worker } from 'bullmq';
import { loadConfigOrExit } from '../src/config/env';
import { createDb } from '../src/db/client';
import { warnIfDriverUnpatched } from '../src/db/driver-patch';
import { startOpsServer } from '../src/health/ops-server';
import { checkReadiness } from '../src/health/readiness';
import { exitOnListenFailure } from '../src/lib/listen-failure';
import { createLogger } from '../src/lib/logger';
import { processName } from '../src/lib/process-name';
import { onShutdown } from '../src/lib/shutdown';
import { registerPoolMetrics } from '../src/metrics/postgres-pool';
import { registerQueueMetrics } from '../src/metrics/queue';
import { createRegistry } from '../src/metrics/registry';
import { workerMetrics } from '../src/metrics/scoring';
import { openBackgroundLane } from '../src/queue/background-lane';
import { workerConnection } from '../src/queue/connection';
import { SCORE_QUEUE, scoreWorkerOptions } from '../src/queue/score.config';
import { loadModels } from '../src/scoring/models';
import { scorerVersion } from '../src/scoring/version';
import { createIntentModelSource } from './intent-models';
import { startRollupRefresher } from './kpi-rollups';
import { createScoreProcessor } from './processors/score-conversation';
import { startReconciler } from './reconciler';
import { logJobFailure, workerErrorLogger } from './worker-errors';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, { process: 'worker' });
warnIfDriverUnpatched(logger);
const models = loadModels();
// One connection per concurrent job, one for the rollup refresher, two for the reconciler (its
// round's transaction and the outbox), one spare for the odd read outside a job.
const database = createDb(config.DATABASE_URL, { max: config.WORKER_CONCURRENCY + 4, applicationName: 'parley-worker' });
const connection = workerConnection(config.REDIS_URL);

// The reconciler queues, and the processor holds the queue, through a connection of their own: the
// worker's blocks waiting for jobs.
const laneConnection = workerConnection(config.REDIS_URL);
const lane = openBackgroundLane(laneConnection, config.QUEUE_PREFIX);

const registry = createRegistry();
const metrics = workerMetrics(registry);
registerQueueMetrics(registry, lane.bull);
registerPoolMetrics(registry, database.db, database);

// Served before any job is taken: a worker that cannot open its port stops holding nothing.
let draining = false;
const ops = await startOpsServer({
  host: config.HOST,
  port: config.WORKER_OPS_PORT,
  registry,
  // The lane's connection, not the worker's: that one blocks waiting for jobs.
  readiness: () => checkReadiness(database.db, laneConnection, draining),
  metricsToken: config.METRICS_TOKEN,
  logger,
}).catch((error: unknown) => exitOnListenFailure(logger, 'WORKER_OPS_PORT', config.HOST, config.WORKER_OPS_PORT, error));

const intentModelFor = createIntentModelSource(database.db, models.intent);
const processor = createScoreProcessor({ database, models, intentModelFor, logger, holdWorkers: lane.holdWorkers, metrics });
const worker = new Worker(SCORE_QUEUE, processor, {
  // Kept on each job it takes (job.processedBy): the dashboard and the fault test see whose it is.
  name: processName('parley-worker'),
  connection,
  prefix: config.QUEUE_PREFIX,
  concurrency: config.WORKER_CONCURRENCY,
  ...scoreWorkerOptions(config.JOB_LOCK_MS),
});

const rollups = startRollupRefresher(database.db, logger, () => lane.backgroundBacklog());
const reconciler =
  config.RECONCILE_INTERVAL_MS > 0
    ? startReconciler(database, lane, logger, metrics, {
        intervalMs: config.RECONCILE_INTERVAL_MS,
        graceSeconds: config.RECONCILE_GRACE_SECONDS,
        sweepMs: config.RECONCILE_SWEEP_HOURS * 3_600_000,
        scorerVersion: scorerVersion(models),
      })
    : null;

worker.on('ready', () =>
  logger.info({ queue: SCORE_QUEUE, concurrency: config.WORKER_CONCURRENCY, scorerVersion: scorerVersion(models) }, 'worker ready'),
);
worker.on('error', workerErrorLogger(logger));
worker.on('failed', (job, error) => logJobFailure(logger, job, error));

onShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
  draining = true;
  // close() stops fetching and waits for the jobs in hand to finish; the rest stay queued.
  await Promise.all([worker.close(), rollups.stop(), reconciler?.stop()]);
  await ops.close();
  await lane.close();
  await Promise.all([connection, laneConnection].map((c) => c.quit().catch(() => c.disconnect())));
  await database.close();
});

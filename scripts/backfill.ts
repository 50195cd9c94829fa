/**
 * npm run backfill -- PATH... [--format parley|csv|chatwoot|zendesk|intercom] [--workspace W] [--restart] [--rejects DIR]
 *   Imports exported conversations into a workspace and queues their scoring behind live traffic.
 *   docs/backfill.md describes every format, the resume rules and the reject file.
 */
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { backfillFile, type FileSummary } from '../src/backfill/importer';
import { FORMATS } from '../src/backfill/formats';
import { ImportError } from '../src/backfill/formats/types';
import { createProgress } from '../src/backfill/progress';
import { loadConfigOrExit } from '../src/config/env';
import { createDb } from '../src/db/client';
import { isDatabaseUnavailable } from '../src/db/errors';
import { runMigrations } from '../src/db/migrate';
import { postgresAnswers } from '../src/health/readiness';
import { openBackgroundLane } from '../src/queue/background-lane';
import { workerConnection } from '../src/queue/connection';
import { flushOutbox } from '../src/queue/outbox';
import { printFailure } from './lib/cli-failure';

const USAGE = `usage: npm run backfill -- PATH... [--format ${FORMATS.map((f) => f.name).join('|')}] [--workspace W] [--restart] [--rejects DIR]`;

function parseArguments() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { format: { type: 'string' }, workspace: { type: 'string' }, restart: { type: 'boolean' }, rejects: { type: 'string' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(64);
  }
}
const { values, positionals: paths } = parseArguments();
if (paths.length === 0) {
  console.error(USAGE);
  process.exit(64);
}

const config = loadConfigOrExit();
const database = createDb(config.DATABASE_URL, { max: 2, applicationName: 'parley-backfill' });
const connection = workerConnection(config.REDIS_URL);
// Without Redis the import goes on (the jobs wait in the outbox): say so once, not on every retry.
connection.once('error', (error) => console.error(`Redis at REDIS_URL: ${error.message}; scoring jobs will wait in the outbox`));
connection.on('error', () => {});
const lane = openBackgroundLane(connection, config.QUEUE_PREFIX);
const progress = createProgress(process.stderr);
const rejectsDir = values.rejects;

function report(s: FileSummary): string {
  if (s.alreadyComplete) return `${s.path}: already imported into ${s.workspace} (${s.records.toLocaleString('en')} records); --restart reads it again`;
  const resumed = s.resumedAfterLine !== null ? `, resumed after line ${s.resumedAfterLine.toLocaleString('en')}` : '';
  const rate = s.seconds > 0 ? Math.round((s.created + s.updated + s.unchanged) / s.seconds) : 0;
  return (
    `${s.path} (${s.format} → ${s.workspace}${resumed}): ${s.records.toLocaleString('en')} records, ` +
    `${s.created.toLocaleString('en')} created, ${s.updated.toLocaleString('en')} updated, ${s.unchanged.toLocaleString('en')} unchanged, ` +
    `${s.rejected.toLocaleString('en')} rejected${s.rejectsPath ? ` (see ${s.rejectsPath})` : ''}; ` +
    `${s.enqueued.toLocaleString('en')} queued for scoring; ${s.seconds.toFixed(1)} s, ${rate.toLocaleString('en')} conversations/s`
  );
}

// How long the importer waits for Postgres to answer again (a restart, a failover) before it gives
// up. When Postgres answers, the import resumes after the last committed batch, as a new run would.
const POSTGRES_WAIT_MS = 5 * 60_000;

/** Waits until Postgres answers; rethrows `cause` when it has not within POSTGRES_WAIT_MS. */
async function waitForPostgres(cause: unknown): Promise<void> {
  const deadline = Date.now() + POSTGRES_WAIT_MS;
  for (let delayMs = 500; ; delayMs = Math.min(delayMs * 2, 5_000)) {
    await sleep(delayMs);
    if (await postgresAnswers(database.db)) return;
    if (Date.now() > deadline) throw cause;
  }
}

/** Imports one file, waiting out a Postgres outage and resuming after it, as often as it takes. */
async function importFile(path: string): Promise<FileSummary> {
  // A resumed attempt reads the checkpoint the first one left: --restart is for the first only.
  let restart = values.restart;
  for (;;) {
    try {
      return await backfillFile({ database, lane, progress }, path, {
        format: values.format,
        workspace: values.workspace,
        restart,
        rejectsPath: rejectsDir ? (input) => join(rejectsDir, `${basename(input)}.rejects.jsonl`) : undefined,
      });
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      progress.done(`${path}: Postgres stopped answering; waiting for it (up to ${POSTGRES_WAIT_MS / 60_000} minutes), then resuming after the last committed batch`);
      await waitForPostgres(error);
      restart = false;
    }
  }
}

let failed = 0;
try {
  await runMigrations(config.DATABASE_URL);
  const pending = await flushOutbox(database.sql, lane).catch(() => -1);
  if (pending > 0) console.error(`queued ${pending} scoring job(s) an interrupted run had left in the outbox`);
  if (pending < 0) console.error('Redis is not taking jobs: conversations are stored all the same, and their scoring waits in the outbox for the reconciler or the next run');
  for (const path of paths) {
    try {
      progress.done(report(await importFile(path)));
    } catch (error) {
      if (!(error instanceof ImportError || (error as NodeJS.ErrnoException).code === 'ENOENT')) throw error;
      failed += 1;
      progress.done(`${path}: not imported: ${(error as Error).message}`);
    }
  }
  const left = await flushOutbox(database.sql, lane).catch(() => -1);
  if (left < 0) console.error('Redis did not take every scoring job; they wait in the outbox, and the workers\' reconciler queues them');
  process.exitCode = failed > 0 ? 1 : 0;
} catch (error) {
  printFailure(error);
  process.exitCode = 1;
} finally {
  await lane.close();
  await connection.quit().catch(() => connection.disconnect());
  await database.close();
  console.error(`peak memory ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

/**
 * npm run chaos -- [--short] [--seconds S] [--rate R] [--backfill N] [--keep-logs] [--json]
 *
 * The fault test. On a PostgreSQL and a Redis of its own (loopback ports, a temporary folder; the
 * machine's servers are never touched) it runs the API and two workers, posts conversations to the
 * API at R a second for S seconds as a client that retries what was not accepted (halving R while
 * the workers cannot keep up with it), and backfills N more through the importer (its
 * 200-conversation batch jobs in the background lane). Meanwhile:
 *   1. SIGKILLs the worker holding a backfill batch job in the middle of it, and starts another,
 *      as a supervisor would after an out-of-memory kill;
 *   2. kills Redis and starts it again empty (no persistence): every queued job is gone;
 *   3. stops Postgres (fast shutdown: sessions cut) and starts it again.
 * Then it stops posting, waits for the pipeline to settle and counts, from Postgres, what reached
 * the scores table: accepted, stored, scored, duplicated and lost, and how long each fault took to
 * recover from. It exits 0 only when nothing is lost or duplicated and neither the API nor a worker
 * exited by itself (only the worker it SIGKILLs is meant to die). It stops by itself: the whole
 * run is bounded (--short: the version npm test runs). --keep-logs keeps the processes' logs (kept
 * anyway on failure); CHAOS_LOG_LEVEL=debug makes them say more, the reconciler's every round.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { connectPostgres } from '../src/db/connect';
import { heapFlags } from '../src/config/heap-limits';
import { workerConnection } from '../src/queue/connection';
import { SCORE_BATCH_JOB, SCORE_QUEUE } from '../src/queue/score.config';
import { freshBenchDatabase } from './lib/bench-support';
import { freePort } from './lib/free-port';
import { startPrivatePostgres, startPrivateRedis } from './lib/private-services';
import { syntheticConversation } from './lib/synthetic';

const { values } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    rate: { type: 'string' },
    backfill: { type: 'string' },
    json: { type: 'boolean', default: false },
    'keep-logs': { type: 'boolean', default: false },
  },
});
const SHORT = values.short!;
const SECONDS = Number(values.seconds ?? (SHORT ? 20 : 60));
const RATE = Number(values.rate ?? (SHORT ? 30 : 80));
const BACKFILL = Number(values.backfill ?? (SHORT ? 4_000 : 20_000));
// Everything, faults and settling included, ends within this or the run fails.
const DEADLINE_MS = (SECONDS + (SHORT ? 100 : 180)) * 1000;
const MESSAGES = 10;
const WORKSPACE = 'chaos';
const PREFIX = 'chaos';
// A dead worker's job is taken up within about twice this (JOB_LOCK_MS).
const JOB_LOCK_MS = 5_000;

const started = Date.now();
const log = (message: string) => console.error(`[chaos ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
const deadline = setTimeout(() => {
  log(`the run passed its ${DEADLINE_MS / 1000} s bound; stopping (the processes' logs: ${dir})`);
  void cleanUp(true).then(() => process.exit(2));
}, DEADLINE_MS);

const dir = mkdtempSync(join(tmpdir(), 'parley-chaos-'));
const pg = await startPrivatePostgres();
const redis = await startPrivateRedis();
const databaseUrl = pg.url('parley_chaos');
const children = new Set<ChildProcess>();
let stopping = false;

async function cleanUp(keepLogs = false): Promise<void> {
  stopping = true;
  for (const child of children) child.kill('SIGKILL');
  await Promise.all([pg.destroy(), redis.destroy()]);
  if (!keepLogs) rmSync(dir, { recursive: true, force: true });
}
process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));

// ---- the processes -------------------------------------------------------------------------------

const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  REDIS_URL: redis.url,
  QUEUE_PREFIX: PREFIX,
  LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'info',
  JOB_LOCK_MS: String(JOB_LOCK_MS),
  RECONCILE_INTERVAL_MS: '2000',
  RECONCILE_GRACE_SECONDS: '5',
  WORKER_OPS_PORT: '0',
  SHUTDOWN_TIMEOUT_MS: '5000',
};

/** A child process whose output goes to a log file in the run's folder (named on failure). */
function launch(name: string, script: string, args: string[] = [], flags: string[] = [], extra: Record<string, string> = {}): ChildProcess {
  const out = openSync(join(dir, `${name}.log`), 'a');
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', script, ...args], { env: { ...env, ...extra }, stdio: ['ignore', out, out] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/**
 * The API and the workers must ride out every fault: one that exits by itself (a crash on a closed
 * connection, say) fails the run, even if the others score everything. Only the worker this run
 * SIGKILLs is meant to die.
 */
const unexpectedExits: string[] = [];
const killedOnPurpose = new Set<ChildProcess>();
function watch(name: string, child: ChildProcess): ChildProcess {
  child.once('exit', (code, signal) => {
    if (stopping || killedOnPurpose.has(child)) return;
    unexpectedExits.push(`${name} (${signal ?? `code ${code}`})`);
    log(`${name} exited by itself (${signal ?? `code ${code}`}); its log: ${join(dir, `${name}.log`)}`);
  });
  return child;
}

const workers = new Map<number, ChildProcess>();
function startWorker(n: number): void {
  const child = watch(`worker-${n}`, launch(`worker-${n}`, 'workers/scoring.worker.ts', [], heapFlags('worker')));
  workers.set(child.pid!, child);
  child.once('exit', () => workers.delete(child.pid!));
}

// ---- setup ---------------------------------------------------------------------------------------

const { workspaceId, token } = await freshBenchDatabase(databaseUrl, WORKSPACE);

const backfillFile = join(dir, 'history.jsonl');
const file = createWriteStream(backfillFile);
for (let i = 0; i < BACKFILL; i++) {
  if (!file.write(`${JSON.stringify({ ...syntheticConversation(i, BACKFILL, MESSAGES), externalId: `backfill-${i}` })}\n`)) await once(file, 'drain');
}
file.end();
await once(file, 'finish');

const apiPort = await freePort();
const base = `http://127.0.0.1:${apiPort}`;
watch('api', launch('api', 'src/server.ts', [], heapFlags('api'), { PORT: String(apiPort) }));
startWorker(1);
startWorker(2);
let nextWorker = 3;
for (;;) {
  const ready = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
  if (ready) break;
  await sleep(100);
}
log(`Postgres ${databaseUrl}, Redis ${redis.url}, API ${base}, 2 workers; logs in ${dir}`);

// Our own view of Postgres: a connection that may fail while Postgres is down, and is retried.
const sql = connectPostgres(databaseUrl, { max: 2, onnotice: () => {}, connect_timeout: 2 });
async function ask<T>(query: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await query();
    } catch {
      await sleep(250);
    }
  }
}
/** Conversations stored at or before `at` without a score for their current revision. */
const unscoredSince = (at: Date) =>
  ask(async () => {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from conversations c
      where c.updated_at <= ${at.toISOString()}::timestamptz
        and not exists (select 1 from conversation_scores s where s.conversation_id = c.id and s.revision = c.revision)`;
    return row!.n;
  });
async function recoveredAt(at: Date, from: number): Promise<number> {
  while ((await unscoredSince(at)) > 0) await sleep(100);
  return (Date.now() - from) / 1000;
}

// ---- the client ----------------------------------------------------------------------------------

const accepted = new Set<string>();
let posted = 0;
let retries = 0;
let notQueued = 0;
const refused: string[] = [];

/** Posts one conversation until it is accepted, as a client honouring Retry-After would. */
async function post(index: number): Promise<void> {
  const conversation = { ...syntheticConversation(index, 1_000_000, MESSAGES, Date.now()), externalId: `live-${index}` };
  const body = JSON.stringify(conversation);
  while (!stopping) {
    try {
      const res = await fetch(`${base}/v1/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const answer = (await res.json()) as { enqueued?: boolean; code?: string };
      if (res.status === 202) {
        accepted.add(conversation.externalId);
        if (answer.enqueued === false) notQueued++;
        return;
      }
      if (res.status !== 503 && res.status !== 429) {
        refused.push(`${res.status} ${answer.code}`);
        return;
      }
      retries++;
      await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
    } catch {
      retries++; // the connection failed or timed out: the same post again
      await sleep(500);
    }
  }
}

const inFlight = new Set<Promise<void>>();
let faultsDone = false;
// Posts a second, lowered when the workers cannot keep up with them (see killWorkerMidBatch); the
// schedule restarts from the post where the rate changed.
const pace: { rate: number; from: { at: number; index: number } | null } = { rate: RATE, from: null };
// Posts for at least SECONDS, and on until every fault has been caused and recovered from.
const client = (async () => {
  const end = Date.now() + SECONDS * 1000;
  for (let i = 0; (Date.now() < end || !faultsDone) && !stopping; i++) {
    if (pace.from === null) pace.from = { at: Date.now(), index: i };
    const next = pace.from.at + ((i - pace.from.index) * 1000) / pace.rate;
    if (next > Date.now()) await sleep(next - Date.now());
    if (inFlight.size >= 200) await Promise.race(inFlight);
    posted++;
    const p = post(i).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
})();

// ---- the backfill, run again until it completes (it resumes where it stopped) ------------------------

let importerRuns = 0;
const importer = (async () => {
  for (;;) {
    importerRuns++;
    const child = launch(`backfill-${importerRuns}`, 'scripts/backfill.ts', [backfillFile, '--workspace', WORKSPACE], heapFlags('backfill'));
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code === 0) return;
    if (importerRuns >= 10) throw new Error('the backfill did not complete in 10 runs');
    await sleep(1_000);
  }
})();

// ---- the faults ----------------------------------------------------------------------------------

const recovery: Record<string, number | string> = {};
const queueConnection = workerConnection(redis.url);
queueConnection.on('error', () => {});
const queue = new Queue(SCORE_QUEUE, { connection: queueConnection, prefix: PREFIX });
queue.on('error', () => {});

// Live jobs go first: on a slow machine the posts alone can keep every worker busy, and no backfill
// batch is ever taken. Without a batch for this long while live jobs wait, the posts slow down.
const BUSY_MS = 20_000;
const LOWEST_RATE = 5;

/**
 * Waits for a worker of ours to hold a backfill batch job, kills it with SIGKILL, starts another.
 * While it waits with live jobs queued, it halves the posting rate every BUSY_MS.
 */
async function killWorkerMidBatch(): Promise<void> {
  const until = Date.now() + 90_000;
  let slowDownAt = Date.now() + BUSY_MS;
  while (Date.now() < until) {
    if (Date.now() >= slowDownAt && pace.rate > LOWEST_RATE) {
      slowDownAt = Date.now() + BUSY_MS;
      const { waiting } = await queue.getJobCounts('waiting').catch(() => ({ waiting: 0 }));
      if (waiting! > 0) {
        pace.rate = Math.max(LOWEST_RATE, Math.floor(pace.rate / 2));
        pace.from = null;
        log(`no backfill batch taken for ${BUSY_MS / 1000} s while ${waiting} live jobs wait: the workers cannot keep up; posting ${pace.rate} a second`);
      }
    }
    const active = await queue.getActive().catch(() => []);
    // A backfill batch is one with a priority: live jobs are batches too, of a group commit's posts.
    const batch = active.find((job) => job.name === SCORE_BATCH_JOB && (job.opts.priority ?? 0) > 0 && job.processedBy);
    const pid = batch ? Number(batch.processedBy!.split('/').pop()) : NaN;
    const victim = workers.get(pid);
    if (batch && victim) {
      const ids = (batch.data as { conversations: { id: string }[] }).conversations.map((c) => c.id);
      killedOnPurpose.add(victim);
      victim.kill('SIGKILL');
      const at = Date.now();
      log(`SIGKILLed worker pid ${pid} holding batch ${batch.id} (${ids.length} conversations); starting another`);
      startWorker(nextWorker++);
      const scored = async () => {
        const [row] = await sql<{ n: number }[]>`
          select count(*)::int as n from conversations c join conversation_scores s on s.conversation_id = c.id and s.revision = c.revision
          where c.id = any(${ids}::uuid[])`;
        return row!.n;
      };
      while ((await ask(scored)) < ids.length) await sleep(100);
      recovery.workerKilled = (Date.now() - at) / 1000;
      log(`the killed worker's batch was scored ${recovery.workerKilled} s after the kill`);
      return;
    }
    await sleep(10);
  }
  const counts = await queue.getJobCounts('waiting', 'prioritized').catch(() => ({ waiting: NaN, prioritized: NaN }));
  throw new Error(`no worker was seen holding a backfill batch within 90 s (${counts.waiting} live jobs and ${counts.prioritized} batches waiting)`);
}

// Recovery from a fault: until every conversation stored by the time the service came back, those
// accepted during the outage included, is scored.
async function wipeRedis(): Promise<void> {
  log(`killing Redis with ${await unscoredSince(new Date())} stored conversations not yet scored; it comes back empty in 2 s`);
  await redis.restartWiped(2_000);
  const back = Date.now();
  recovery.redisWiped = await recoveredAt(new Date(back), back);
  log(`everything stored until Redis came back was scored ${recovery.redisWiped} s after`);
}

async function restartPostgres(): Promise<void> {
  log('stopping Postgres (fast shutdown); it starts again in 3 s');
  await pg.stop();
  await sleep(3_000);
  await pg.start();
  const back = Date.now();
  while (!(await fetch(`${base}/readyz`).then((r) => r.ok, () => false))) await sleep(50);
  recovery.postgresRestartedApiReady = (Date.now() - back) / 1000;
  recovery.postgresRestarted = await recoveredAt(new Date(back), back);
  log(`the API was ready again ${recovery.postgresRestartedApiReady} s after Postgres came back; everything stored until then was scored after ${recovery.postgresRestarted} s`);
}

let failure: string | null = null;
try {
  await killWorkerMidBatch();
  await sleep(1_000);
  await wipeRedis();
  await sleep(1_000);
  await restartPostgres();
  faultsDone = true;
  await client;
  await importer;
  log(`posting stopped: ${accepted.size} accepted by the API after ${retries} retries; the backfill took ${importerRuns} run(s); settling`);
} catch (error) {
  failure = (error as Error).message;
  faultsDone = true;
}

// ---- settle and count ----------------------------------------------------------------------------

const expected = [...accepted, ...(failure ? [] : Array.from({ length: BACKFILL }, (_, i) => `backfill-${i}`))];
const settleStarted = Date.now();
const count = () =>
  ask(async () => {
    const [row] = await sql<{ stored: number; scored: number }[]>`
      select count(*)::int as stored,
             count(*) filter (where exists (select 1 from conversation_scores s where s.conversation_id = c.id and s.revision = c.revision))::int as scored
      from conversations c where c.workspace_id = ${workspaceId} and c.external_id = any(${expected}::text[])`;
    return row!;
  });
/** Why conversations are not scored: which, where they came from, and what holds them. */
async function unscoredReport(): Promise<string> {
  const [row] = await ask(
    () => sql<{ missing: string[]; unscored: string[]; failures: string[]; outbox: number }[]>`
      with expected(external_id) as (select unnest(${expected}::text[]))
      select
        (select coalesce(array_agg(e.external_id), '{}') from (select external_id from expected except
           select external_id from conversations where workspace_id = ${workspaceId}) e) as missing,
        (select coalesce(array_agg(c.external_id || ' r' || c.revision), '{}') from conversations c join expected e using (external_id)
           where c.workspace_id = ${workspaceId}
             and not exists (select 1 from conversation_scores s where s.conversation_id = c.id and s.revision = c.revision)) as unscored,
        (select coalesce(array_agg(f.reason), '{}') from scoring_failures f join conversations c on c.id = f.conversation_id
           where c.workspace_id = ${workspaceId}) as failures,
        (select count(*)::int from score_outbox) as outbox`,
  );
  const jobs = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed').catch(() => ({}));
  const first = (xs: string[]) => `${xs.length}${xs.length ? ` (${xs.slice(0, 5).join(', ')})` : ''}`;
  return `accepted but not stored ${first(row!.missing)}; stored but not scored ${first(row!.unscored)}; failures to score ${first(row!.failures)}; outbox rows ${row!.outbox}; jobs ${JSON.stringify(jobs)}`;
}

// Everything is scored within seconds of the last post on any machine this ran on; far longer
// means something is lost, and the run says what before its bound stops it without a word.
const SETTLE_MS = (SHORT ? 50 : 90) * 1000;
let counts = await count();
while (!failure && counts.scored < expected.length && !stopping) {
  if (Date.now() - settleStarted > SETTLE_MS) {
    failure = `not everything was scored ${SETTLE_MS / 1000} s after the last post: ${await unscoredReport()}`;
    break;
  }
  await sleep(250);
  counts = await count();
}
const settledSeconds = (Date.now() - settleStarted) / 1000;
const [dup] = await ask(
  () => sql<{ conversations: number; scores: number; versions: number; unacknowledged: number }[]>`
    select
      (select count(*) - count(distinct (source, external_id)) from conversations where workspace_id = ${workspaceId})::int as conversations,
      (select count(*) - count(distinct (conversation_id, scorer_version)) from conversation_scores)::int as scores,
      (select count(distinct scorer_version) from conversation_scores)::int as versions,
      (select count(*) from conversations where workspace_id = ${workspaceId} and not (external_id = any(${expected}::text[])))::int as unacknowledged`,
);

const result = {
  accepted: expected.length,
  acceptedByApi: accepted.size,
  acceptedByBackfill: failure ? 0 : BACKFILL,
  posted,
  /** Posts a second asked for, and at the end (lower where the workers could not keep up). */
  postsPerSecond: { asked: RATE, final: pace.rate },
  retries,
  acceptedWithoutQueue: notQueued,
  refused: refused.length,
  stored: counts.stored,
  scored: counts.scored,
  duplicated: dup!.conversations + dup!.scores,
  lost: expected.length - counts.scored,
  storedUnacknowledged: dup!.unacknowledged,
  scorerVersions: dup!.versions,
  recoverySeconds: recovery,
  settleSeconds: settledSeconds,
  seconds: (Date.now() - started) / 1000,
  /** The API or a worker that exited by itself during the run. */
  unexpectedExits,
  failure,
};

clearTimeout(deadline);
await queue.close().catch(() => {});
queueConnection.disconnect();
await sql.end({ timeout: 1 });
const ok =
  !failure && result.lost === 0 && result.duplicated === 0 && result.refused === 0 && result.stored === result.accepted && unexpectedExits.length === 0;
if (!ok) log(`FAILED${failure ? `: ${failure}` : unexpectedExits.length ? `: ${unexpectedExits.join(', ')} exited by itself` : ''}`);
stopping = true;
for (const child of children) child.kill('SIGTERM');
await Promise.all([...children].map((child) => once(child, 'exit')));
await Promise.all([pg.destroy(), redis.destroy()]);
if (ok && !values['keep-logs']) rmSync(dir, { recursive: true, force: true });
else log(`the processes' logs: ${dir}`);

console.log(
  [
    `accepted ${result.accepted} (API ${result.acceptedByApi} of ${result.posted} posted, after ${result.retries} retries; ${result.acceptedWithoutQueue} accepted while Redis was away; backfill ${result.acceptedByBackfill})`,
    ...(pace.rate < RATE ? [`posting slowed from ${RATE} to ${pace.rate} a second: the workers could not keep up with more on this machine`] : []),
    `stored ${result.stored}, scored ${result.scored}, duplicated ${result.duplicated}, lost ${result.lost}` +
      (result.refused ? `, refused ${result.refused} (${refused.slice(0, 3).join(', ')})` : ''),
    `recovery: worker SIGKILLed mid-batch ${recovery.workerKilled ?? '-'} s; Redis wiped ${recovery.redisWiped ?? '-'} s; ` +
      `Postgres restarted ${recovery.postgresRestarted ?? '-'} s (API ready again after ${recovery.postgresRestartedApiReady ?? '-'} s)`,
    `processes that exited by themselves: ${unexpectedExits.join(', ') || 'none'}`,
    `settled ${settledSeconds.toFixed(1)} s after the last post; ${result.seconds.toFixed(0)} s in all`,
  ].join('\n'),
);
if (values.json) console.log(JSON.stringify(result));
process.exit(ok ? 0 : 1);

/**
 * npm run bench:pipeline -- [--conversations N] [--messages M] [--workers 1,2]
 *
 * Generates N synthetic conversations of M messages (default 100,000 of 10: four languages, every
 * channel) into a JSONL file, then in a database of its own (parley_bench_pipeline, recreated for
 * each measurement) measures:
 *   1. the store-only ceiling: the file read and COPYed into conversations and transcripts, no
 *      validation, no scoring, one stream;
 *   2. the queue ceiling: a no-op BullMQ worker draining jobs added in bulk, as single jobs and as
 *      the backfill's batch jobs;
 *   3. the pipeline, once per worker count: `npm run backfill` of the file while the API and the
 *      worker processes run, until every conversation is scored. Meanwhile a conversation is
 *      posted to the API every 2 s and timed until its score is stored. The store-only ceiling is
 *      measured again after each run, and the run is compared with the two ceilings beside it.
 * The clock starts when the API and every worker answer that they are ready, as when a backfill
 * is started against a running service. Peak memory is each process's resident set, sampled every
 * 250 ms from /proc, and CPU seconds, counted from the clock's start, are read there too, with
 * the Postgres and Redis servers' own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { connectPostgres } from '../src/db/connect';
import type { ConversationInput } from '../src/contract/conversation';
import { loadConfigOrExit } from '../src/config/env';
import { heapFlags } from '../src/config/heap-limits';
import { copyRows } from '../src/db/copy';
import { firstAgentId } from '../src/db/queries/conversations';
import { dropDatabase } from '../src/db/migrate';
import { uuidv7 } from '../src/db/uuidv7';
import { workerConnection } from '../src/queue/connection';
import { SCORE_BATCH_SIZE } from '../src/queue/jobs';
import { cpuSeconds, cpuSecondsOf, databaseNamed, freshBenchDatabase, residentMb } from './lib/bench-support';
import { freePort } from './lib/free-port';
import { syntheticConversation } from './lib/synthetic';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '100000' },
    messages: { type: 'string', default: '10' },
    workers: { type: 'string', default: '1,2' },
  },
});
const COUNT = Number(values.conversations);
const MESSAGES = Number(values.messages);
const WORKER_COUNTS = values.workers!.split(',').map(Number);
const config = loadConfigOrExit();
const benchUrl = databaseNamed(config.DATABASE_URL, 'parley_bench_pipeline');
const PREFIX = `parley-bench-${process.pid}`;
const dir = join(tmpdir(), 'parley-bench-pipeline');
const file = join(dir, `conversations-${COUNT}x${MESSAGES}-v2.jsonl`);
const log = (message: string) => console.log(`[bench:pipeline] ${message}`);
const fmt = (n: number) => Math.round(n).toLocaleString('en');

async function generate(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  if (existsSync(file)) return;
  const out = createWriteStream(`${file}.partial`);
  for (let i = 0; i < COUNT; i++) {
    if (!out.write(`${JSON.stringify(syntheticConversation(i, COUNT, MESSAGES))}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  await rename(`${file}.partial`, file);
}

async function* fileConversations(): AsyncIterable<ConversationInput> {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line) yield JSON.parse(line) as ConversationInput;
  }
}

/** The file COPYed into the two tables with nothing else: what Postgres and one stream can take. */
async function storeOnlyCeiling(): Promise<number> {
  const { workspaceId } = await freshBenchDatabase(benchUrl);
  const sql = connectPostgres(benchUrl, { max: 1, onnotice: () => {} });
  const started = performance.now();
  let batch: ConversationInput[] = [];
  const flush = async () => {
    const ids = batch.map(() => uuidv7()); // as the importer makes them: in order, appended to the indexes
    await sql.begin(async (tx) => {
      await copyRows(
        tx,
        'conversations',
        ['id', 'workspace_id', 'source', 'external_id', 'channel', 'language', 'customer_id', 'agent_id', 'started_at', 'ended_at', 'message_count', 'events', 'attributes', 'content_hash'],
        batch.map((c, i) => [
          ids[i]!, workspaceId, c.source, c.externalId, c.channel, c.language ?? null, c.customerId ?? null,
          firstAgentId(c.messages), c.messages[0]!.sentAt, c.messages.at(-1)!.sentAt, c.messages.length, JSON.stringify(c.events ?? []), JSON.stringify(c.attributes ?? {}), 'x',
        ]),
      );
      await copyRows(
        tx,
        'transcripts',
        ['conversation_id', 'messages'],
        batch.map((c, i) => [ids[i]!, JSON.stringify(c.messages)]),
      );
    });
    batch = [];
  };
  for await (const conversation of fileConversations()) {
    batch.push(conversation);
    if (batch.length === 500) await flush();
  }
  if (batch.length) await flush();
  const seconds = (performance.now() - started) / 1000;
  await sql.end();
  return COUNT / seconds;
}

/** Jobs per second a no-op worker drains, the jobs added beforehand in bulk. */
async function queueCeiling(jobs: number): Promise<number> {
  const connection = workerConnection(config.REDIS_URL);
  const name = `noop-${randomUUID()}`;
  const queue = new Queue(name, { connection, prefix: PREFIX });
  for (let i = 0; i < jobs; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, jobs - i) }, (_, j) => ({ name: 'noop', data: { i: i + j }, opts: { removeOnComplete: true } })));
  }
  let done = 0;
  const started = performance.now();
  const workerRedis = workerConnection(config.REDIS_URL);
  await new Promise<void>((resolve) => {
    const worker = new Worker(name, async () => {}, { connection: workerRedis, prefix: PREFIX, concurrency: 50 });
    worker.on('completed', () => {
      if (++done === jobs) void worker.close().then(() => resolve());
    });
  });
  await workerRedis.quit();
  const rate = jobs / ((performance.now() - started) / 1000);
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
  return rate;
}

interface Watched {
  child: ChildProcess;
  name: string;
  peakMb: number;
  cpu: number;
}

// BENCH_NODE_FLAGS: e.g. --cpu-prof --cpu-prof-dir=/tmp/prof to profile every process.
const extraFlags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];

function start(name: string, script: string, args: string[], env: Record<string, string>, flags: string[] = []): Watched {
  const child = spawn(process.execPath, [...flags, ...extraFlags, '--import', 'tsx', script, ...args], {
    env: { ...process.env, DATABASE_URL: benchUrl, REDIS_URL: config.REDIS_URL, QUEUE_PREFIX: PREFIX, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watched = { child, name, peakMb: 0, cpu: 0 };
  child.stdout!.on('data', () => {});
  child.stderr!.on('data', (chunk: Buffer) => {
    if (name === 'importer' && /not imported|Error/.test(chunk.toString())) process.stderr.write(chunk);
  });
  return watched;
}

/** parley_conversations_scored_total summed over the workers' ops ports. */
async function scoredByWorkers(opsPorts: number[]): Promise<number> {
  const headers = config.METRICS_TOKEN ? { authorization: `Bearer ${config.METRICS_TOKEN}` } : undefined;
  const counts = await Promise.all(
    opsPorts.map(async (ops) => {
      const text = await fetch(`http://127.0.0.1:${ops}/metrics`, { headers }).then((r) => r.text(), () => '');
      return Number(/^parley_conversations_scored_total (\S+)$/m.exec(text)?.[1] ?? 0);
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

async function stop(watched: Watched): Promise<void> {
  if (watched.child.exitCode !== null) return;
  watched.child.kill('SIGTERM');
  await once(watched.child, 'exit');
}

async function pipeline(
  workers: number,
  token: string,
): Promise<{ seconds: number; rate: number; peaks: Record<string, number>; cpu: Record<string, number>; live: number[]; bytesEach: number }> {
  const sql = connectPostgres(benchUrl, { max: 2, onnotice: () => {} });
  const port = 3900 + workers;
  const opsPorts = await Promise.all(Array.from({ length: workers }, () => freePort()));
  const processes = [
    start('api', 'src/server.ts', [], { PORT: String(port) }, heapFlags('api')),
    ...opsPorts.map((ops, i) => start(`worker ${i + 1}`, 'workers/scoring.worker.ts', [], { WORKER_OPS_PORT: String(ops) }, heapFlags('worker'))),
  ];
  const sampler = setInterval(() => {
    for (const p of processes) {
      if (!p.child.pid) continue;
      p.peakMb = Math.max(p.peakMb, residentMb(p.child.pid));
      p.cpu = Math.max(p.cpu, cpuSeconds(p.child.pid));
    }
  }, 250);
  const base = `http://127.0.0.1:${port}`;
  // A backfill is started against a running service: the clock starts once the API and every
  // worker (models loaded, queue open) say they are ready, not while they are still starting.
  const endpoints = [`${base}/healthz`, ...opsPorts.map((ops) => `http://127.0.0.1:${ops}/readyz`)];
  for (let i = 0; ; i++) {
    const ready = await Promise.all(endpoints.map((url) => fetch(url).then((r) => r.ok, () => false)));
    if (ready.every(Boolean)) break;
    if (i > 600) throw new Error(`not ready after 60 s: ${endpoints.filter((_, j) => !ready[j]).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const cpuAtStart = new Map(processes.map((p) => [p, p.child.pid ? cpuSeconds(p.child.pid) : 0]));
  const serversBefore = { postgres: cpuSecondsOf('postgres'), redis: cpuSecondsOf('redis-server') };
  const started = performance.now();
  processes.push(start('importer', 'scripts/backfill.ts', [file, '--workspace', 'bench', '--rejects', dir], {}, heapFlags('backfill')));
  const live: number[] = [];
  let probe = 0;
  const probing = (async () => {
    for (;;) {
      await new Promise((r) => setTimeout(r, 2_000));
      if ((await scoredByWorkers(opsPorts)) >= COUNT + probe) return;
      const conversation = { ...syntheticConversation(0, 1, MESSAGES, Date.now() + 365 * 86_400_000 - 3_600_000), externalId: `live-${workers}-${probe++}` };
      const posted = performance.now();
      const response = await fetch(`${base}/v1/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(conversation),
      });
      const { id } = (await response.json()) as { id: string };
      for (;;) {
        const [row] = await sql`select 1 from conversation_scores where conversation_id = ${id}`;
        if (row) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      live.push((performance.now() - posted) / 1000);
    }
  })();
  // The workers' own counters say when to look: counting scores in Postgres every half second
  // cost the database a fifth of a core, taken from the pipeline it measures. Postgres confirms.
  // Rendering a worker's metrics ten times a second cost it 1.4% of its CPU: they are read once a
  // second until the last 5%, then every 50 ms.
  let counted = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, counted < 0.95 * COUNT ? 1_000 : 50));
    counted = await scoredByWorkers(opsPorts);
    if (counted < COUNT + probe) continue;
    const [row] = await sql<{ scored: string }[]>`
      select count(*) as scored from conversation_scores s join conversations c on c.id = s.conversation_id where c.external_id like 'synthetic-%'`;
    if (Number(row!.scored) >= COUNT) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const servers = { postgres: cpuSecondsOf('postgres') - serversBefore.postgres, redis: cpuSecondsOf('redis-server') - serversBefore.redis };
  await probing;
  clearInterval(sampler);
  for (const p of processes) await stop(p);
  const [stored] = await sql<{ bytes: string; conversations: string }[]>`
    select pg_database_size(current_database()) as bytes, (select count(*) from conversations) as conversations`;
  await sql.end();
  const cpu = { ...Object.fromEntries(processes.map((p) => [p.name, p.cpu - (cpuAtStart.get(p) ?? 0)])), ...servers };
  const bytesEach = Number(stored!.bytes) / Number(stored!.conversations);
  return { seconds, rate: COUNT / seconds, peaks: Object.fromEntries(processes.map((p) => [p.name, p.peakMb])), cpu, live, bytesEach };
}

await generate();
const size = statSync(file).size;
log(`${fmt(COUNT)} conversations of ${MESSAGES} messages in ${file} (${(size / 1e6).toFixed(0)} MB)`);

// This machine's speed drifts from one minute to the next, so the store-only ceiling is measured
// before and after each pipeline run, and each run is compared with the mean of the two beside it.
let copyRate = await storeOnlyCeiling();
log(`store-only ceiling (COPY, one stream): ${fmt(copyRate)} conversations/s, ${fmt(copyRate * MESSAGES)} messages/s`);
const singleJobs = await queueCeiling(Math.min(COUNT, 50_000));
const batchJobs = await queueCeiling(Math.max(1, Math.ceil(Math.min(COUNT, 50_000) / SCORE_BATCH_SIZE)));
log(`queue ceiling (no-op worker): ${fmt(singleJobs)} jobs/s; the backfill's ${SCORE_BATCH_SIZE}-conversation jobs: ${fmt(batchJobs)} jobs/s = ${fmt(batchJobs * SCORE_BATCH_SIZE)} conversations/s`);

for (const workers of WORKER_COUNTS) {
  const { token } = await freshBenchDatabase(benchUrl);
  const result = await pipeline(workers, token);
  const before = copyRate;
  copyRate = await storeOnlyCeiling();
  const ceiling = Math.min((before + copyRate) / 2, batchJobs * SCORE_BATCH_SIZE);
  const live = [...result.live].sort((a, b) => a - b);
  const peaks = Object.entries(result.peaks).map(([name, mb]) => `${name} ${mb.toFixed(0)} MB`).join(', ');
  log(
    `pipeline, ${workers} worker process(es): ${fmt(result.rate)} conversations/s, ${fmt(result.rate * MESSAGES)} messages/s ` +
      `(${result.seconds.toFixed(1)} s), ${((100 * result.rate) / ceiling).toFixed(0)}% of the lower ceiling (${fmt(ceiling)}/s)`,
  );
  log(`  store-only ceiling measured before and after the run: ${fmt(before)} and ${fmt(copyRate)} conversations/s, averaged`);
  log(`  peak memory: ${peaks}`);
  log(`  Postgres: ${(result.bytesEach / 1024).toFixed(1)} KB a conversation (the database's size over its conversations: messages, scores, indexes, rollups)`);
  log(`  CPU seconds: ${Object.entries(result.cpu).map(([name, s]) => `${name} ${s.toFixed(0)}`).join(', ')} (of ${(2 * result.seconds).toFixed(0)} on two cores)`);
  log(
    `  live conversations posted during the backfill, posted → scored: ${live.length} probes, ` +
      (live.length ? `median ${live[Math.floor(live.length / 2)]!.toFixed(2)} s, max ${live.at(-1)!.toFixed(2)} s` : 'none (the backfill finished first)'),
  );
}
await dropDatabase(benchUrl);

/**
 * npm run bench:api -- [--seconds S] [--connections C] [--messages M]
 *
 * Posts single conversations (~5 KB: M messages, each post a new one) over C concurrent keep-alive
 * connections for S seconds (the ceiling for at most 30), each after 5 s of unmeasured warm-up,
 * to a parse-only server (scripts/lib/parse-only-server.ts: the same HTTP stack and contract
 * validation, nothing stored) as the ceiling, before and after the real API (src/server.ts)
 * against a database of its own. Reports requests/s, p50/p99 latency and errors of
 * each, the CPU a request cost every process involved and how busy the cores were, the API's share
 * of the ceiling next to the most these cores could serve at that CPU a request, and the API's
 * memory over the run (sampled every 5 s), so a long run (--seconds 600) shows whether it stays
 * flat. No worker runs: they would share these cores; the bench drains the queue every few seconds
 * in their place, so Redis does not fill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { connectPostgres } from '../src/db/connect';
import { loadConfigOrExit } from '../src/config/env';
import { heapFlags } from '../src/config/heap-limits';
import { dropDatabase } from '../src/db/migrate';
import { workerConnection } from '../src/queue/connection';
import { SCORE_QUEUE } from '../src/queue/score.config';
import { cpuSeconds, cpuSecondsOf, databaseNamed, freshBenchDatabase, machineCpuSeconds, residentMb } from './lib/bench-support';
import { freePort } from './lib/free-port';
import { syntheticConversation } from './lib/synthetic';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    connections: { type: 'string', default: '50' },
    messages: { type: 'string', default: '36' },
  },
});
const SECONDS = Number(values.seconds);
// Unmeasured load before each server's measured run: compiling the hot paths, opening the
// connections and pools, the first statistics. Cold, the first half-second held a third of the
// API's slowest 1% of requests.
const WARM_UP_SECONDS = 5;
const CONNECTIONS = Number(values.connections);
const config = loadConfigOrExit();
const benchUrl = databaseNamed(config.DATABASE_URL, 'parley_bench_api');
const PREFIX = `parley-bench-api-${process.pid}`;
const log = (message: string) => console.log(`[bench:api] ${message}`);
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const percent = (share: number) => `${(share * 100).toFixed(0)}%`;

// One conversation serialised once; each request gets a new external id and one of 40,000
// customers by substitution (one customer for all would make every post a repeat contact).
const MARK = '__EXTERNAL_ID__';
const CUSTOMER = '__CUSTOMER__';
const template = JSON.stringify({ ...syntheticConversation(7, 1_000, Number(values.messages), Date.now()), externalId: MARK, customerId: CUSTOMER });
const bodyBytes = template.length;

function start(script: string, port: number): ChildProcess {
  // BENCH_NODE_FLAGS: e.g. --cpu-prof --cpu-prof-dir=/tmp/prof to profile the servers.
  const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  // Both servers run with the API's heap settings, so the ceiling is measured as the API runs.
  return spawn(process.execPath, [...heapFlags('api'), ...flags, '--import', 'tsx', script], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: benchUrl, QUEUE_PREFIX: PREFIX, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function until(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await fetch(url).then(() => true, () => false)) return;
    await sleep(100);
  }
  throw new Error(`nothing answered at ${url}`);
}

interface Run {
  requests: number;
  /** CPU milliseconds a request cost the server process, Postgres, Redis and the load generator (this process). */
  cpuMsPerRequest: { server: number; postgres: number; redis: number; loadGenerator: number };
  /** Shares of the machine's cores that were busy, and stolen by the hypervisor, during the run. */
  machine: { busy: number; stolen: number };
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  memoryMb: number[];
}

/** Posts new conversations to the server at `port` for `seconds`; `label` keeps their external ids apart. */
function post(port: number, token: string, label: string, seconds: number) {
  let n = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/v1/conversations',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        setupRequest: (request) => {
          const i = n++;
          return { ...request, body: template.replace(MARK, `${label}-${i}`).replace(CUSTOMER, `cust-${i % 40_000}`) };
        },
      },
    ],
  });
}

/**
 * Warms the server at `port` up unmeasured for WARM_UP_SECONDS, calls `warmedUp`, then measures
 * `seconds` of load. The warm-up is the same for both servers.
 */
async function load(port: number, token: string, pid: number, label: string, seconds: number, warmedUp = async () => {}): Promise<Run> {
  await post(port, token, `${label}-warm-up`, WARM_UP_SECONDS);
  await warmedUp();
  const memoryMb: number[] = [residentMb(pid)];
  const sampler = setInterval(() => memoryMb.push(residentMb(pid)), 5_000);
  const before = { server: cpuSeconds(pid), postgres: cpuSecondsOf('postgres'), redis: cpuSecondsOf('redis-server'), self: process.cpuUsage(), machine: machineCpuSeconds() };
  const result = await post(port, token, label, seconds);
  const self = process.cpuUsage(before.self);
  const machine = machineCpuSeconds();
  const elapsed = Math.max(1e-9, machine.total - before.machine.total);
  clearInterval(sampler);
  memoryMb.push(residentMb(pid));
  const requests = result.requests.total;
  const perRequest = (seconds: number) => (seconds * 1000) / Math.max(1, requests);
  return {
    requests,
    cpuMsPerRequest: {
      server: perRequest(cpuSeconds(pid) - before.server),
      postgres: perRequest(cpuSecondsOf('postgres') - before.postgres),
      redis: perRequest(cpuSecondsOf('redis-server') - before.redis),
      loadGenerator: perRequest((self.user + self.system) / 1e6),
    },
    machine: { busy: (machine.busy - before.machine.busy) / elapsed, stolen: (machine.stolen - before.machine.stolen) / elapsed },
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    memoryMb,
  };
}

const show = (name: string, r: Run) =>
  `${name}: ${fmt(r.requestsPerSecond)} requests/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.errors} errors, ${r.non2xx} non-2xx; ` +
  `CPU a request: server ${r.cpuMsPerRequest.server.toFixed(2)} ms, Postgres ${r.cpuMsPerRequest.postgres.toFixed(2)} ms, Redis ${r.cpuMsPerRequest.redis.toFixed(2)} ms, ` +
  `load generator ${r.cpuMsPerRequest.loadGenerator.toFixed(2)} ms; cores ${percent(r.machine.busy)} busy, ${percent(r.machine.stolen)} stolen`;

const CORES = availableParallelism();
/**
 * The most requests a second these cores could serve at the CPU a request this run measured, every
 * process on the machine included: what no scheduling or concurrency could beat without doing less
 * work a request (or finding faster cores).
 */
const cpuBound = (r: Run) => (CORES * 1000) / Object.values(r.cpuMsPerRequest).reduce((a, b) => a + b, 0);

const { token } = await freshBenchDatabase(benchUrl);
log(`${CONNECTIONS} connections, ${SECONDS} s (the ceiling ${Math.min(SECONDS, 30)} s), ${fmt(bodyBytes)}-byte conversations of ${values.messages} messages`);

/**
 * The parse-only server's run. A steady rate is reached within seconds: a long run is for the API's
 * memory, not the ceiling.
 */
async function measureCeiling(label: string): Promise<Run> {
  const port = await freePort();
  const server = start('scripts/lib/parse-only-server.ts', port);
  await until(`http://127.0.0.1:${port}/`);
  const run = await load(port, token, server.pid!, label, Math.min(SECONDS, 30));
  server.kill('SIGTERM');
  await once(server, 'exit');
  log(show(`parse-only ceiling, ${label} the API`, run));
  return run;
}

// Measured before and after the API: this machine's speed drifts, by half within ten minutes at
// times, and a ceiling measured once can belong to another spell than the API's run.
const ceilingBefore = await measureCeiling('before');

const apiPort = await freePort();
const api = start('src/server.ts', apiPort);
await until(`http://127.0.0.1:${apiPort}/livez`);
const redis = workerConnection(config.REDIS_URL);
const queue = new Queue(SCORE_QUEUE, { connection: redis, prefix: PREFIX });
// Standing in for the workers: what the API queued is dropped, so Redis's memory stays flat.
const drain = setInterval(() => void queue.drain().catch(() => {}), 3_000);
// What autovacuum's auto-analyze does on a default Postgres as the tables grow (this machine runs
// with autovacuum off): without statistics the planner goes on treating the tables as empty. The
// first analyse comes after the warm-up, before measuring, as on a service whose tables already
// have statistics; then one a minute, autovacuum_naptime's default, at most as often as
// autovacuum would analyse a table. Each is measured: it takes the same cores as the API.
const analyzer = connectPostgres(benchUrl, { max: 1, onnotice: () => {} });
let analyzeFailed = false;
const analyzeNow = () =>
  analyzer`analyze conversations, transcripts`.then(
    () => {},
    (error: unknown) => {
      // Said once: without statistics the run would measure the planner's guesses for empty tables.
      if (!analyzeFailed) log(`analyze failed, the figures below are not comparable: ${String(error)}`);
      analyzeFailed = true;
    },
  );
let analyze: NodeJS.Timeout | undefined;
const real = await load(apiPort, token, api.pid!, 'api', SECONDS, async () => {
  await analyzeNow();
  analyze = setInterval(() => void analyzeNow(), 60_000);
});
clearInterval(drain);
clearInterval(analyze);
await analyzer.end();
api.kill('SIGTERM');
await once(api, 'exit');
log(show('API (store in Postgres, queue in Redis)', real));
const ceilingAfter = await measureCeiling('after');
const ceilingRate = (ceilingBefore.requestsPerSecond + ceilingAfter.requestsPerSecond) / 2;

const share = real.requestsPerSecond / ceilingRate;
const memory = real.memoryMb.filter((m) => m > 0);
const firstMinute = memory.slice(0, 13);
const lastMinute = memory.slice(-13);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
log(
  `API share of the ceiling (the mean of ${fmt(ceilingBefore.requestsPerSecond)} before and ${fmt(ceilingAfter.requestsPerSecond)} after): ` +
    `${percent(share)} (target ≥ 40%); p99 ${real.p99} ms (target ≤ 50 ms)`,
);
log(
  `CPU bound: at the CPU a request measured, ${CORES} cores serve at most ${fmt(cpuBound(ceilingBefore))} and ${fmt(cpuBound(ceilingAfter))} ` +
    `parse-only requests/s and ${fmt(cpuBound(real))} API requests/s, ${percent(cpuBound(real) / ceilingRate)} of the ceiling`,
);
log(
  `API memory (RSS, every 5 s): start ${fmt(memory[0]!)} MB, peak ${fmt(Math.max(...memory))} MB, end ${fmt(memory.at(-1)!)} MB; ` +
    `first minute mean ${fmt(mean(firstMinute))} MB, last minute mean ${fmt(mean(lastMinute))} MB`,
);
// A long run's trend, to tell a leak (a steady climb) from a heap that settles after its first minutes.
if (memory.length > 24) {
  const minutes: number[] = [];
  for (let i = 0; i < memory.length; i += 12) minutes.push(mean(memory.slice(i, i + 12)));
  log(`API memory by minute (mean RSS, MB): ${minutes.map(fmt).join(', ')}`);
}

await queue.obliterate({ force: true }).catch(() => {});
await queue.close();
await redis.quit();
await dropDatabase(benchUrl);
process.exit([real, ceilingBefore, ceilingAfter].every((r) => r.errors + r.non2xx === 0) ? 0 : 1);

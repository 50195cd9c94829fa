/**
 * The local stack for `npm run up`: migrate, start the API and one scoring worker as child
 * processes (started again if they die), load the sample conversations, wait until they are
 * scored, print the URLs.
 * Ctrl-C (or SIGTERM) stops both children gracefully and waits for them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadConfigOrExit } from '../src/config/env';
import { heapFlags } from '../src/config/heap-limits';
import { SCOPES } from '../src/auth/api-key';
import { createDb } from '../src/db/client';
import { ensureDatabase, runMigrations } from '../src/db/migrate';
import { createApiKey, listApiKeys, revokeApiKey } from '../src/db/queries/api-keys';
import { ensureWorkspace } from '../src/db/queries/workspaces';
import { SAMPLE_RANGE, SAMPLE_WORKSPACE, sampleConversations } from './samples/conversations';

const config = loadConfigOrExit();
const base = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${config.PORT}`;
const log = (message: string) => console.log(`[up] ${message}`);

function start(name: string, entry: string, flags: string[]): ChildProcess {
  // The demo workspace's admin keys open the queue dashboard, unless the caller named an operator workspace.
  const env = { OPERATOR_WORKSPACE: SAMPLE_WORKSPACE, ...process.env };
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', entry], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((line) => console.log(`[${name}] ${line}`));
  child.stdout!.on('data', prefix);
  child.stderr!.on('data', prefix);
  return child;
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const children = new Set<ChildProcess>();
const running = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log('stopping the API and the worker…');
    const live = [...children].filter(running);
    const exits = live.map((c) => new Promise((resolve) => c.once('exit', resolve)));
    live.forEach((c) => c.kill('SIGTERM'));
    await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_TIMEOUT_MS + 2_000))]);
    live.filter(running).forEach((c) => c.kill('SIGKILL'));
    log('stopped');
  }
  process.exit(code);
}

const DEMO_KEY_NAME = 'demo key (npm run up)';

/** The demo workspace and a fresh key with every scope; the previous run's demo key is revoked. */
async function demoKey(): Promise<string> {
  const database = createDb(config.DATABASE_URL, { max: 1, applicationName: 'parley-up' });
  try {
    const workspace = await ensureWorkspace(database.db, SAMPLE_WORKSPACE);
    for (const key of await listApiKeys(database.db, workspace.id)) {
      if (key.name === DEMO_KEY_NAME && !key.revokedAt) await revokeApiKey(database.db, workspace.id, key.id);
    }
    return (await createApiKey(database.db, { workspaceId: workspace.id, name: DEMO_KEY_NAME, scopes: [...SCOPES] })).token;
  } finally {
    await database.close();
  }
}

// A process that exits with an error sooner than this after starting is failing to start (a port
// taken, a bad setting): starting it again would only repeat the failure. One killed by a signal
// (kill -9, the OOM killer) was running, however briefly, and is started again.
const MIN_UPTIME_MS = 10_000;
// More exits than this within a minute: it keeps dying; stop rather than loop.
const MAX_EXITS_A_MINUTE = 5;

/**
 * Runs a process and starts it again when it dies on its own, as systemd or Kubernetes would: a
 * worker killed by a deploy or the OOM killer must not take the API down with it. One that cannot
 * start, or keeps dying, stops the stack instead.
 */
function supervise(name: string, entry: string, flags: readonly string[], exits: number[] = []): void {
  const started = Date.now();
  const child = start(name, entry, [...flags]);
  children.add(child);
  log(`${name} started, pid ${child.pid}`);
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (stopping) return;
    const how = signal ?? `code ${code}`;
    const now = Date.now();
    const recent = [...exits.filter((at) => now - at < 60_000), now];
    if (signal === null && now - started < MIN_UPTIME_MS) {
      log(`${name} exited (${how}) ${((now - started) / 1000).toFixed(1)} s after it started: it cannot start, see its lines above`);
      void stop(1);
    } else if (recent.length > MAX_EXITS_A_MINUTE) {
      log(`${name} exited (${how}), its ${recent.length}th time in a minute: it keeps dying, see its lines above`);
      void stop(1);
    } else {
      log(`${name} exited unexpectedly (${how}); starting it again`);
      supervise(name, entry, flags, recent);
    }
  });
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  if (await ensureDatabase(config.DATABASE_URL)) log('created the database');
  await runMigrations(config.DATABASE_URL);
  log('migrations applied');
  const key = await demoKey();
  const auth = { authorization: `Bearer ${key}` };

  supervise('api', 'src/server.ts', heapFlags('api'));
  supervise('worker', 'workers/scoring.worker.ts', heapFlags('worker'));

  await waitFor('the API to answer /readyz', 30_000, async () => ((await fetch(`${base}/readyz`)).ok ? true : undefined));

  const conversations = sampleConversations();
  const posted = await fetch(`${base}/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ conversations }),
  });
  if (posted.status !== 202) throw new Error(`loading samples failed: ${posted.status} ${await posted.text()}`);
  log(`loaded ${conversations.length} sample conversations into workspace "${SAMPLE_WORKSPACE}"`);

  const kpiUrl = `${base}/v1/kpis?from=${SAMPLE_RANGE.from}&to=${SAMPLE_RANGE.to}&timeZone=Europe/Lisbon&interval=day&groupBy=channel`;
  await waitFor('the samples to be scored', 60_000, async () => {
    const body = (await (await fetch(kpiUrl, { headers: auth })).json()) as { summary: { conversations: number; scored: number } };
    return body.summary.scored >= conversations.length ? true : undefined;
  });
  const { results } = (await posted.json()) as { results: { id: string }[] };

  console.log(`
Parley is running.
  Health          ${base}/readyz  (liveness: /livez; Prometheus: ${base}/metrics; the worker's: http://${config.HOST}:${config.WORKER_OPS_PORT}/metrics)
  Queue dashboard ${base}/admin/queues  (after signing in to the web UI with the demo key)
  Web UI          ${base}/ui#/dashboard?from=${SAMPLE_RANGE.from}&to=${SAMPLE_RANGE.to}  (sign in with the demo key below)
  API docs        ${base}/docs  (OpenAPI: ${base}/openapi.json)
  Demo API key    ${key}
                  (workspace "${SAMPLE_WORKSPACE}", every scope; a new one each run, the last one revoked)
  KPIs            curl -H 'Authorization: Bearer ${key}' '${kpiUrl}'
  A conversation  curl -H 'Authorization: Bearer ${key}' ${base}/v1/conversations/${results[0]!.id}
  Review queue    curl -H 'Authorization: Bearer ${key}' '${base}/v1/review-queue?limit=5'

Post your own (see docs/conversation-contract.md):
  curl -X POST ${base}/v1/conversations -H 'Authorization: Bearer ${key}' -H 'content-type: application/json' -d @conversation.json
Import history: npm run backfill -- docs/examples/backfill/zendesk.jsonl --workspace ${SAMPLE_WORKSPACE} (docs/backfill.md)
More keys and workspaces: npm run keys -- create --workspace NAME --scopes ingest,read (docs/api.md)

Press Ctrl-C to stop.`);
} catch (error) {
  console.error(`[up] ${(error as Error).message}`);
  await stop(1);
}

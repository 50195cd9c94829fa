import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import type { Config } from '../../src/config/env';
import { heapFlags } from '../../src/config/heap-limits';
import type { Database } from '../../src/db/client';

const running = new Set<ChildProcess>();

/** Kills every worker this test file started that is still running: a failed test must not leave one behind. */
export function killStrayWorkers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** Starts workers/scoring.worker.ts as its own process, configured like production but for this test. */
export function startWorker(config: Config, env: Record<string, string> = {}): ChildProcess & { output: string[] } {
  const child = spawn(process.execPath, [...heapFlags('worker'), '--import', 'tsx', 'workers/scoring.worker.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: config.DATABASE_URL,
      REDIS_URL: config.REDIS_URL,
      QUEUE_PREFIX: config.QUEUE_PREFIX,
      LOG_LEVEL: 'info',
      // Test files share a database: a reconciler would score other files' conversations. reconciler.test.ts turns it on.
      RECONCILE_INTERVAL_MS: '0',
      // Several workers run at once: each takes a free port for its ops endpoints.
      WORKER_OPS_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: string[] };
  child.output = [];
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.stdout!.on('data', (chunk: Buffer) => child.output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => child.output.push(chunk.toString()));
  return child;
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export async function waitUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** How many of a workspace's conversations have a score row for their current revision. */
export async function scoredCount(db: Database, workspace: string): Promise<number> {
  const [row] = await db.execute<{ n: string }>(sql`
    select count(distinct c.id) as n
    from conversations c
    join workspaces w on w.id = c.workspace_id
    join conversation_scores s on s.conversation_id = c.id and s.revision = c.revision
    where w.slug = ${workspace}`);
  return Number(row!.n);
}

/** Serves `app` on a free local port, as src/server.ts does; `close` stops it. */
export async function listen(app: { fetch: (request: Request) => Response | Promise<Response> }): Promise<{ base: string; close(): Promise<void> }> {
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Stops a worker process started by startWorker and waits for it to exit. */
export async function stopWorker(worker: ChildProcess): Promise<void> {
  worker.kill('SIGTERM');
  await exited(worker);
}

/** Where a worker started by startWorker serves /livez, /readyz and /metrics, once it says so. */
export function opsBase(worker: ChildProcess & { output: string[] }): Promise<string> {
  return waitUntil('the worker to open its ops port', 30_000, async () => {
    const line = worker.output.join('').split('\n').find((l) => l.includes('"ops endpoints listening"'));
    return line ? (JSON.parse(line) as { url: string }).url : false;
  });
}

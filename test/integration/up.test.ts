import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { dropDatabase } from '../../src/db/migrate';
import { freePort } from '../../scripts/lib/free-port';
import { exited, waitUntil } from '../support/processes';
import { uniqueId } from '../support/stack';

/** The pids `npm run up` says it started a process `name` with, in order. */
const startedPids = (output: string, name: string) => [...output.matchAll(new RegExp(`\\[up\\] ${name} started, pid (\\d+)`, 'g'))].map((m) => Number(m[1]));

// A database of its own: `npm run up` creates the demo workspace and loads its samples.
const databaseUrl = (() => {
  const url = new URL(inject('databaseUrl'));
  url.pathname = `${url.pathname}_up`;
  return url.toString();
})();
afterAll(() => dropDatabase(databaseUrl));

describe('npm run up', () => {
  it('starts a worker killed with SIGKILL again and keeps the API up; stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const up = spawn(process.execPath, ['--import', 'tsx', 'scripts/up.ts'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, QUEUE_PREFIX: uniqueId(inject('queuePrefix')), PORT: String(port), WORKER_OPS_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    up.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    up.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const stray = setTimeout(() => up.kill('SIGKILL'), 110_000);
    const workersReady = () => output.split('\n').filter((line) => line.includes('"worker ready"')).length;
    try {
      await waitUntil('the stack to come up', 90_000, async () => output.includes('Parley is running'));
      const [worker] = startedPids(output, 'worker');
      expect(worker, output).toBeDefined();
      process.kill(worker!, 'SIGKILL');
      await waitUntil('the worker to be started again', 30_000, async () => workersReady() === 2).catch((error: Error) => {
        throw new Error(`${error.message}\n${output.slice(-3_000)}`);
      });
      expect(output).toContain('[up] worker exited unexpectedly (SIGKILL); starting it again');
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      const [, restarted] = startedPids(output, 'worker');
      expect(restarted).toBeDefined();
      expect(restarted).not.toBe(worker);
      // The new worker is running; the killed one is gone.
      expect(() => process.kill(restarted!, 0)).not.toThrow();
      expect(() => process.kill(worker!, 0)).toThrow();

      up.kill('SIGTERM');
      expect(await exited(up)).toEqual({ code: 0, signal: null });
      expect(output).toContain('[up] stopped');
    } finally {
      clearTimeout(stray);
      up.kill('SIGKILL');
    }
  }, 120_000);
});

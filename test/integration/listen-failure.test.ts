import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationInput } from '../support/fixtures';
import { exited, killStrayWorkers, scoredCount, startWorker } from '../support/processes';
import { createTestStack, postJson, type TestStack } from '../support/stack';

let stack: TestStack;
let squatter: Server;
let takenPort: number;
beforeAll(async () => {
  stack = await createTestStack();
  squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
  takenPort = (squatter.address() as AddressInfo).port;
});
afterAll(async () => {
  killStrayWorkers();
  await new Promise((resolve) => squatter.close(resolve));
  await stack.close();
});

describe('a process whose port is taken', () => {
  it('a worker stops with the setting to change, before it takes a job', async () => {
    const tenant = await stack.tenant();
    const posted = await postJson(stack.app, '/v1/conversations', conversationInput(tenant.slug, { id: 'waits', lines: [['c', 0, 'where is my order?']] }), tenant.auth);
    expect(posted.status).toBe(202);

    const worker = startWorker(stack.config, { WORKER_OPS_PORT: String(takenPort) });
    const { code } = await exited(worker);
    const output = worker.output.join('');
    expect(code, output).toBe(1);
    expect(output).toContain(`"msg":"WORKER_OPS_PORT: 127.0.0.1:${takenPort} is in use`);
    expect(output).not.toMatch(/\n\s+at /); // a log line, not a stack trace
    expect(await stack.queue.bull.getJobCounts('waiting', 'active', 'completed')).toEqual({ waiting: 1, active: 0, completed: 0 });
    expect(await scoredCount(stack.database.db, tenant.slug)).toBe(0);
  });

  it('the API stops with the setting to change', async () => {
    const api = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, DATABASE_URL: stack.config.DATABASE_URL, REDIS_URL: stack.config.REDIS_URL, QUEUE_PREFIX: stack.config.QUEUE_PREFIX, PORT: String(takenPort), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    api.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    api.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const stray = setTimeout(() => api.kill('SIGKILL'), 30_000); // listening after all: fail, do not hang
    const { code } = await exited(api);
    clearTimeout(stray);
    expect(code, output.join('')).toBe(1);
    expect(output.join('')).toContain(`"msg":"PORT: 127.0.0.1:${takenPort} is in use`);
  });
});

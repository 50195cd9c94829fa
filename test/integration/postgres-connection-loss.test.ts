import { spawn } from 'node:child_process';
import { describe, expect, it, inject } from 'vitest';
import { exited } from '../support/processes';

/**
 * Postgres restarting or failing over closes connections in the middle of transactions. postgres.js
 * 3.4.9 then wrote the transaction's rollback to the closed connection from a timer and took the
 * process down (porsager/postgres#1208; a worker died so in a restart caused by hand). The patch in
 * scripts/patches, applied on install, makes that write reject instead.
 */
describe('a transaction whose connection dies', () => {
  it('rejects, the process lives on, and the pool serves the next query', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/transaction-connection-loss.ts'], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const stray = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const { code } = await exited(child);
    clearTimeout(stray);
    expect(code, output.join('')).toBe(0);
    expect(JSON.parse(output.join('').trim())).toEqual({ rejected: 'CONNECTION_CLOSED', next: 1 });
  });
});

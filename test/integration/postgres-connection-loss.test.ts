import { spawn } from 'node:child_process';
import { describe, expect, it, inject } from 'vitest';
import { exited } from '../support/processes';

/**
 * Postgres restarting or failing over closes connections under running queries. postgres.js 3.4.9
 * then took the process down when the query was in a transaction (porsager/postgres#1208; a worker
 * died so in a restart caused by hand), failed a connection's first query after reconnecting with
 * the old error, and waited its whole timeout to close the pool. The patch in scripts/patches,
 * applied on install, mends the three.
 */
describe('connections that die under their queries', () => {
  it('reject those queries, the process lives on, the next query reconnects and succeeds, and the pool closes at once', async () => {
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
    expect(JSON.parse(output.join('').trim())).toEqual({
      alone: 'CONNECTION_CLOSED',
      inTransaction: 'CONNECTION_CLOSED',
      next: 'completed',
      closedWithinSecond: true,
    });
  });
});

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/env';
import { heapFlags } from '../../src/config/heap-limits';

describe('configuration', () => {
  it('has working defaults and treats empty values as unset', () => {
    const config = parseConfig({ PORT: '' });
    expect(config).toMatchObject({ PORT: 3000, QUEUE_PREFIX: 'parley', WORKER_CONCURRENCY: 4 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad setting', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://db', QUEUE_PREFIX: 'has:colon' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^DATABASE_URL: must be a URL starting with postgres:\/\//m);
    expect(problems).toMatch(/^QUEUE_PREFIX: /m);
  });

  it('stops an entry point at start with the message', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'workers/scoring.worker.ts'], {
      env: { ...process.env, WORKER_CONCURRENCY: '0' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('WORKER_CONCURRENCY');
  });

  it('starts each long-lived process from npm with its heap settings', () => {
    // npm run up, the benchmarks and the tests start processes with heapFlags(); an operator starts them
    // with these scripts, which must not drift from it.
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    const flagsOf = (script: string) => script.split(' ').filter((word) => word.startsWith('--max-'));
    expect(flagsOf(scripts['start:api']!)).toEqual(heapFlags('api'));
    expect(flagsOf(scripts['start:worker']!)).toEqual(heapFlags('worker'));
    expect(flagsOf(scripts.backfill!)).toEqual(heapFlags('backfill'));
  });
});

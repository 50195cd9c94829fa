import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

/**
 * `npm run chaos -- --short`: the fault test on a Postgres and a Redis of its own, so killing them
 * disturbs no other test. The script's own exit status and counts are what is checked.
 */
describe('the fault test', () => {
  it('loses and duplicates nothing, and no other process dies, through a worker SIGKILLed mid-batch, a Redis restart with its data wiped and a Postgres restart', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chaos.ts', '--short', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code, `${stdout}\n${stderr}`).toBe(0);

    const result = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(result).toMatchObject({ failure: null, lost: 0, duplicated: 0, refused: 0, scorerVersions: 1, unexpectedExits: [] });
    expect(result.stored).toBe(result.accepted);
    expect(result.scored).toBe(result.accepted);
    expect(result.acceptedByBackfill).toBe(4_000);
    expect(result.acceptedByApi).toBe(result.posted);
    // Each fault was really met: posts answered while Redis was away, and retried while Postgres was.
    expect(result.acceptedWithoutQueue).toBeGreaterThan(0);
    expect(result.retries).toBeGreaterThan(0);
    expect(Object.keys(result.recoverySeconds).sort()).toEqual(['postgresRestarted', 'postgresRestartedApiReady', 'redisWiped', 'workerKilled']);
  }, 240_000);
});

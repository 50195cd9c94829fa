import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKey } from '../../src/auth/api-key';
import { waitUntil } from '../support/processes';
import { createTestStack, uniqueId, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  // The API remembers an authenticated key this long: a revocation by another process takes that long to reach it.
  stack = await createTestStack({ API_KEY_CACHE_SECONDS: '1' });
});
afterAll(async () => {
  await stack.close();
});

const keys = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: stack.config.DATABASE_URL },
    timeout: 30_000,
  });

describe('npm run keys', () => {
  it('creates a workspace and a key that works, lists it without the secret, and revokes it', async () => {
    const workspace = uniqueId('cli');
    const created = keys('create', '--workspace', workspace, '--scopes', 'ingest,read', '--name', 'pipeline');
    expect(created.status, created.stderr).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^prl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain(`created workspace ${workspace}`);
    const auth = { authorization: `Bearer ${token}` };
    expect((await stack.app.request('/v1/kpis', { headers: auth })).status).toBe(200);
    expect((await stack.app.request('/v1/keys', { headers: auth })).status).toBe(403);

    const listed = keys('list', '--workspace', workspace);
    expect(listed.status).toBe(0);
    const { id, secret } = parseKey(token)!;
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\tpipeline\\tingest,read\\t`, 'm'));
    expect(listed.stdout).not.toContain(secret);

    expect(keys('revoke', id, '--workspace', 'some-other-ws').status).not.toBe(0);
    expect((await stack.app.request('/v1/kpis', { headers: auth })).status).toBe(200);
    const revoked = keys('revoke', id, '--workspace', workspace);
    const at = Date.now();
    expect(revoked.status, revoked.stderr).toBe(0);
    await waitUntil('the revocation to reach the API', 3_000, async () => (await stack.app.request('/v1/kpis', { headers: auth })).status === 401);
    expect(Date.now() - at).toBeLessThan(1_500);
  }, 60_000);

  it('refuses unknown scopes and a past expiry, with usage', () => {
    const bad = keys('create', '--workspace', uniqueId('cli'), '--scopes', 'read,superuser');
    expect(bad.status).toBe(64);
    expect(bad.stderr).toContain('not superuser');
    const past = keys('create', '--workspace', uniqueId('cli'), '--scopes', 'read', '--expires', '2001-01-01');
    expect(past.status).toBe(64);
    expect(past.stderr).toContain('--expires');
  }, 30_000);
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKey } from '../../src/auth/api-key';
import { apiKeys } from '../../src/db/schema';
import { createTenant, createTestStack, json, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack({ RATE_LIMIT_PER_MINUTE: '60' });
});
afterAll(async () => {
  await stack.close();
});

const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  stack.app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('API keys', () => {
  it('are shown once, stored as a hash, listed without their secret, and stop working when revoked', async () => {
    const admin = await stack.tenant(['admin']);
    const created = await send('POST', '/v1/keys', admin.auth, { name: 'dashboard', scopes: ['read'] });
    expect(created.status).toBe(201);
    const { key, id } = await json(created);
    expect(key).toMatch(/^prl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);

    const { secret } = parseKey(key)!;
    const [row] = await stack.database.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row!.secretHash).toMatch(/^[0-9a-f]{64}$/);

    const listed = await json(await send('GET', '/v1/keys', admin.auth));
    const entry = listed.keys.find((k: { id: string }) => k.id === id);
    expect(entry).toMatchObject({ id, name: 'dashboard', scopes: ['read'], revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(Object.keys(entry)).not.toContain('secretHash');

    const auth = { authorization: `Bearer ${key}` };
    expect((await send('GET', '/v1/kpis', auth)).status).toBe(200);
    expect((await send('DELETE', `/v1/keys/${id}`, admin.auth)).status).toBe(200);
    const after = await send('GET', '/v1/kpis', auth);
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toBe('Bearer realm="parley"');
    expect((await send('DELETE', `/v1/keys/${id}`, admin.auth)).status).toBe(404);

    const audit = await json(await send('GET', '/v1/audit', admin.auth));
    expect(audit.entries.map((e: { action: string }) => e.action).slice(0, 2)).toEqual(['key.revoked', 'key.created']);
  });

  it('expire at their expiry time', async () => {
    const admin = await stack.tenant(['admin']);
    const soon = new Date(Date.now() + 1_500).toISOString();
    const { key } = await json(await send('POST', '/v1/keys', admin.auth, { name: 'temp', scopes: ['read'], expiresAt: soon }));
    const auth = { authorization: `Bearer ${key}` };
    expect((await send('GET', '/v1/kpis', auth)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect((await send('GET', '/v1/kpis', auth)).status).toBe(401);
  });

  it('refuse bad key requests naming the field', async () => {
    const admin = await stack.tenant(['admin']);
    for (const [body, field] of [
      [{ name: 'x', scopes: [] }, 'scopes'],
      [{ name: 'x', scopes: ['root'] }, 'scopes[0]'],
      [{ name: '', scopes: ['read'] }, 'name'],
      [{ name: 'x', scopes: ['read'], expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
      [{ name: 'x', scopes: ['read'], owner: 'me' }, 'owner'],
    ] as const) {
      const res = await send('POST', '/v1/keys', admin.auth, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await json(res)).field).toBe(field);
    }
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a key spends its burst, and keeps keys apart', async () => {
    // 60 a minute: a burst of 6, then one a second.
    const busy = await stack.tenant(['read']);
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 10; i++) {
      const res = await send('GET', '/v1/kpis', busy.auth);
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses.slice(6)).toContain(429);
    expect(limited!.headers.get('retry-after')).toBe('1');
    expect(limited!.headers.get('content-type')).toBe('application/problem+json');
    expect((await json(limited!)).code).toBe('rate_limited');

    const calm = await createTenant(stack.database.db, ['read'], busy.slug);
    expect((await send('GET', '/v1/kpis', calm.auth)).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await send('GET', '/v1/kpis', busy.auth)).status).toBe(200);
  });
});

describe('workspace settings', () => {
  it('turn redaction of a type off for what arrives next, and say so in the audit log', async () => {
    const t = await stack.tenant();
    expect(await json(await send('GET', '/v1/workspace', t.auth))).toMatchObject({ slug: t.slug, redaction: { enabled: true } });
    const patched = await send('PATCH', '/v1/workspace', t.auth, { redaction: { enabled: true, types: ['email'] } });
    expect(patched.status).toBe(200);
    const conversation = {
      externalId: 'settings-1',
      source: 'chat',
      channel: 'web_chat',
      messages: [{ role: 'customer', text: 'mail a@b.com or call +351 912 345 678', sentAt: '2026-03-01T10:00:00Z' }],
    };
    const stored = await json(await send('POST', '/v1/conversations', t.auth, conversation));
    expect(stored.redacted).toEqual({ email: 1 });
    const read = await json(await send('GET', `/v1/conversations/${stored.id}`, t.auth));
    expect(read.messages[0].text).toBe('mail [EMAIL] or call +351 912 345 678');
    const bad = await send('PATCH', '/v1/workspace', t.auth, { redaction: { enabled: true, types: ['passport'] } });
    expect(await json(bad)).toMatchObject({ code: 'validation_failed', field: 'redaction.types[0]' });
  });
});

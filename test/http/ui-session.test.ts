import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeApiKey } from '../../src/db/queries/api-keys';
import { uiSessions } from '../../src/db/schema';
import { conversationInput } from '../support/fixtures';
import { createTenant, createTestStack, json, postJson, type Tenant, type TestStack } from '../support/stack';

let stack: TestStack;
let conversationId: string;

const signIn = (key: string) => stack.app.request('/ui/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
const keyOf = (t: Tenant) => t.auth.authorization!.replace(/^Bearer /, '');
const cookieOf = (res: Response) => /parley_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
const withCookie = (cookie: string, init: RequestInit = {}) => ({ ...init, headers: { ...(init.headers as Record<string, string>), cookie: `parley_session=${cookie}` } });

let reviewer: Tenant;

beforeAll(async () => {
  stack = await createTestStack();
  reviewer = await stack.tenant(['review', 'read']);
  const ingest = await createTenant(stack.database.db, ['ingest'], reviewer.slug);
  conversationId = (await json(await postJson(stack.app, '/v1/conversations', conversationInput(reviewer.slug, { lines: [['c', 0, 'hello']] }), ingest.auth))).id;
});
afterAll(async () => {
  await stack.close();
});

describe('web UI sessions', () => {
  it('open with a review key into an HttpOnly, SameSite=Strict cookie whose token is stored only as a hash', async () => {
    const res = await signIn(keyOf(reviewer));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ workspace: reviewer.slug, scopes: ['read', 'review'] });
    const header = res.headers.get('set-cookie')!;
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).toMatch(/Path=\//);
    expect(header).toMatch(/Max-Age=28800/);
    const token = cookieOf(res);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await stack.database.db.execute<{ token_hash: string }>(sql`select token_hash from ui_sessions where key_id = ${reviewer.keyId}`);
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
    expect(stored.length).toBeGreaterThan(0);
  });

  it('let the browser call the API with the cookie alone; changes also need the x-parley-ui header', async () => {
    const cookie = cookieOf(await signIn(keyOf(reviewer)));
    expect((await stack.app.request('/v1/review-queue', withCookie(cookie))).status).toBe(200);
    const review = (headers: Record<string, string>) =>
      stack.app.request(`/v1/conversations/${conversationId}/reviews`, withCookie(cookie, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ comment: 'ok' }) }));
    expect(await json(await review({}))).toMatchObject({ code: 'forbidden' });
    expect((await review({ 'x-parley-ui': '1' })).status).toBe(201);
  });

  it('refuse keys that cannot both read and review, and keys that are not keys', async () => {
    const reader = await createTenant(stack.database.db, ['read'], reviewer.slug);
    expect(await json(await signIn(keyOf(reader)))).toMatchObject({ code: 'forbidden' });
    // The UI shows conversations and KPIs too: reviewing alone is not enough to use it.
    const reviewOnly = await createTenant(stack.database.db, ['review'], reviewer.slug);
    expect(await json(await signIn(keyOf(reviewOnly)))).toMatchObject({ code: 'forbidden' });
    expect(await json(await signIn('prl_000000000000_' + 'A'.repeat(43)))).toMatchObject({ code: 'unauthorized' });
    expect((await signIn('')).status).toBe(422);
  });

  it('end at sign-out, at expiry, and with their key', async () => {
    const signOut = await stack.app.request('/ui/session', withCookie(cookieOf(await signIn(keyOf(reviewer))), { method: 'DELETE' }));
    expect(signOut.status).toBe(204);
    expect(signOut.headers.get('set-cookie')).toMatch(/parley_session=;.*Max-Age=0/);

    const signedOut = cookieOf(await signIn(keyOf(reviewer)));
    await stack.app.request('/ui/session', withCookie(signedOut, { method: 'DELETE' }));
    expect((await stack.app.request('/v1/review-queue', withCookie(signedOut))).status).toBe(401);

    const expiring = cookieOf(await signIn(keyOf(reviewer)));
    await stack.database.db.update(uiSessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(uiSessions.keyId, reviewer.keyId));
    expect((await stack.app.request('/v1/review-queue', withCookie(expiring))).status).toBe(401);

    const other = await createTenant(stack.database.db, ['review', 'read'], reviewer.slug);
    const live = cookieOf(await signIn(keyOf(other)));
    expect((await stack.app.request('/v1/review-queue', withCookie(live))).status).toBe(200);
    await revokeApiKey(stack.database.db, other.id, other.keyId);
    expect((await stack.app.request('/v1/review-queue', withCookie(live))).status).toBe(401);
    expect((await stack.app.request('/v1/review-queue', withCookie('forged'))).status).toBe(401);
  });
});

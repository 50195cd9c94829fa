import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES, type Scope } from '../../src/auth/api-key';
import { OPERATIONS } from '../../src/http/openapi';
import { createApiKey, revokeApiKey } from '../../src/db/queries/api-keys';
import { apiKeys, conversations } from '../../src/db/schema';
import { scoreBatchJobId } from '../../src/queue/jobs';
import { conversationInput } from '../support/fixtures';
import { createTenant, createTestStack, uniqueId, type Tenant, type TestStack } from '../support/stack';

/**
 * Every endpoint, probed with every kind of key: none, malformed, revoked, expired, each scope on
 * its own, and a full key of another workspace. The route table is checked against the routes the
 * app actually registers, so a new endpoint cannot ship without being added here.
 */
let stack: TestStack;
let a: Tenant;
let b: Tenant;
const ids = { conversationA: '', conversationB: '', keyA: '' };

/** What a probe aims at: a workspace's conversation and one of its spare keys. */
interface Target {
  tenant: Tenant;
  conversationId: string;
  keyId: string;
}
let targetA: Target;

const SHARED_CUSTOMER = 'same-customer-id';
const conversation = (t: Tenant, externalId: string) =>
  conversationInput(t.slug, { id: externalId, customerId: SHARED_CUSTOMER, lines: [['c', 0, 'where is my order?'], ['a', 60, 'It ships today.']] });

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await stack.app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // Streams (the export) are kept as text, so leak checks read every byte.
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}

interface Endpoint {
  method: string;
  /** The route as registered, e.g. /v1/conversations/:id. */
  route: string;
  scope: Scope;
  path: (t: Target) => string;
  body?: (t: Target) => unknown;
  /** What a key with the scope gets, when not a 2xx. */
  passes?: number[];
}

// How to aim each documented operation at a target workspace; scopes come from the OpenAPI
// document, so this test also proves the document states the scope each route enforces.
const PROBES: Record<string, Pick<Endpoint, 'path' | 'body' | 'passes'>> = {
  'POST /v1/conversations': { path: () => '/v1/conversations', body: (t) => conversation(t.tenant, uniqueId('x')) },
  'GET /v1/conversations': { path: () => '/v1/conversations' },
  'GET /v1/conversations/export': { path: () => '/v1/conversations/export?format=jsonl' },
  'GET /v1/conversations/{id}': { path: (t) => `/v1/conversations/${t.conversationId}` },
  'DELETE /v1/conversations/{id}': { path: (t) => `/v1/conversations/${t.conversationId}` },
  'GET /v1/conversations/{id}/reviews': { path: (t) => `/v1/conversations/${t.conversationId}/reviews` },
  'POST /v1/conversations/{id}/reviews': {
    path: (t) => `/v1/conversations/${t.conversationId}/reviews`,
    body: () => ({ labels: { resolution: 'unresolved' }, rubric: { accuracy: 4 }, comment: 'probe' }),
  },
  'PUT /v1/conversations/{id}/assignment': { path: (t) => `/v1/conversations/${t.conversationId}/assignment`, body: () => ({ assignee: 'qa-probe' }) },
  'GET /v1/review-queue': { path: () => '/v1/review-queue' },
  'GET /v1/review-queue/sample': { path: () => '/v1/review-queue/sample?share=1&stratify=agent' },
  'GET /v1/agreement': { path: () => '/v1/agreement' },
  'GET /v1/rubric': { path: () => '/v1/rubric' },
  'GET /v1/kpis': { path: () => '/v1/kpis' },
  'GET /v1/kpis/compare': { path: () => '/v1/kpis/compare?a.channel=web_chat&b.channel=email' },
  'GET /v1/keys': { path: () => '/v1/keys' },
  'POST /v1/keys': { path: () => '/v1/keys', body: () => ({ name: 'probe', scopes: ['read'] }) },
  'DELETE /v1/keys/{id}': { path: (t) => `/v1/keys/${t.keyId}` },
  'GET /v1/workspace': { path: () => '/v1/workspace' },
  'PATCH /v1/workspace': { path: () => '/v1/workspace', body: () => ({ redaction: { enabled: true, types: ['email'] } }) },
  'POST /v1/erasures': { path: () => '/v1/erasures', body: () => ({ customerId: SHARED_CUSTOMER }) },
  'GET /v1/audit': { path: () => '/v1/audit' },
  'GET /v1/jobs/failed': { path: () => '/v1/jobs/failed' },
  'POST /v1/jobs/failed/retry': { path: () => '/v1/jobs/failed/retry' },
  // The target's own job is waiting, not failed: 409 shows the key got past the scope check and found
  // it; another workspace's key must get 404.
  'POST /v1/jobs/{id}/retry': {
    path: (t) => `/v1/jobs/${scoreBatchJobId({ workspaceId: t.tenant.id, conversations: [{ id: t.conversationId, revision: 1 }] })}/retry`,
    passes: [409],
  },
};

const ENDPOINTS: Endpoint[] = OPERATIONS.filter((op) => op.scope !== null).map((op) => {
  const key = `${op.method.toUpperCase()} ${op.path}`;
  const probe = PROBES[key];
  if (!probe) throw new Error(`no probe for ${key}: add one`);
  return { method: op.method.toUpperCase(), route: op.path.replace(/\{(\w+)\}/g, ':$1'), scope: op.scope!, ...probe };
});

/** A workspace with one conversation and a spare key to aim probes at. */
async function target(tenant: Tenant): Promise<Target> {
  const conversationId = (await call('POST', '/v1/conversations', tenant.auth, conversation(tenant, uniqueId('c')))).body.id;
  const keyId = (await createApiKey(stack.database.db, { workspaceId: tenant.id, name: 'spare', scopes: ['read'] })).key.id;
  return { tenant, conversationId, keyId };
}

beforeAll(async () => {
  stack = await createTestStack();
  a = await stack.tenant();
  b = await stack.tenant();
  targetA = await target(a);
  ids.conversationA = targetA.conversationId;
  ids.keyA = targetA.keyId;
  ids.conversationB = (await target(b)).conversationId;
});
afterAll(async () => {
  await stack.close();
});

describe('the route table', () => {
  it('covers every /v1 route the app registers, and the OpenAPI document lists exactly those', () => {
    const registered = new Set(
      stack.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/v1')).map((r) => `${r.method} ${r.path}`),
    );
    expect([...registered].sort()).toEqual(ENDPOINTS.map((e) => `${e.method} ${e.route}`).sort());
  });

  it('leaves only the health checks, the metrics (their own token), the API description and the web UI (static files and sign-in) open', () => {
    // /admin/queues is the dashboard, behind its own check (test/http/operations.test.ts).
    const open = stack.app.routes
      .filter((r) => r.method !== 'ALL' && !r.path.startsWith('/v1') && !r.path.startsWith('/admin/queues'))
      .map((r) => `${r.method} ${r.path}`);
    expect(open.sort()).toEqual(
      ['GET /docs', 'GET /docs/:asset{swagger-ui\\.css|swagger-ui-bundle\\.js}', 'GET /healthz', 'GET /livez', 'GET /readyz', 'GET /metrics', 'GET /openapi.json', 'POST /ui/session', 'DELETE /ui/session', 'GET /ui', 'GET /ui/vocabulary.json', 'GET /ui/:file{app\\.js|style\\.css}'].sort(),
    );
  });
});

describe('without a valid key', () => {
  it('every endpoint answers 401 for no key, a malformed key, a revoked key and an expired key', async () => {
    const revoked = await createTenant(stack.database.db);
    await revokeApiKey(stack.database.db, revoked.id, revoked.keyId);
    const expired = await createTenant(stack.database.db);
    await stack.database.db.update(apiKeys).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiKeys.id, expired.keyId));
    // The right key id with a wrong secret is as unknown as any other.
    const forged = { authorization: a.auth.authorization!.replace(/_[^_]+$/, `_${'A'.repeat(43)}`) };
    const variants: [string, Record<string, string>][] = [
      ['no key', {}],
      ['not bearer', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
      ['malformed', { authorization: 'Bearer nope' }],
      ['forged secret', forged],
      ['revoked', revoked.auth],
      ['expired', expired.auth],
    ];
    for (const endpoint of ENDPOINTS) {
      for (const [label, headers] of variants) {
        const res = await call(endpoint.method, endpoint.path(targetA), headers, endpoint.body?.(targetA));
        expect(res.status, `${label}: ${endpoint.method} ${endpoint.route}`).toBe(401);
        expect(res.body.code).toBe('unauthorized');
      }
    }
  });
});

describe('scopes', () => {
  it('a key without the needed scope gets 403, a key with it gets past the check', async () => {
    // A workspace of its own: these probes succeed, and some of them delete.
    const own = await target(await stack.tenant());
    for (const scope of SCOPES) {
      const single = await createTenant(stack.database.db, [scope], own.tenant.slug);
      for (const endpoint of ENDPOINTS) {
        const res = await call(endpoint.method, endpoint.path(own), single.auth, endpoint.body?.(own));
        const label = `${scope} key: ${endpoint.method} ${endpoint.route}`;
        if (endpoint.scope === scope) expect(endpoint.passes ?? [200, 201, 202], label).toContain(res.status);
        else expect(res, label).toMatchObject({ status: 403, body: { code: 'forbidden' } });
      }
    }
  });
});

describe("another workspace's key", () => {
  it('reads nothing of A: a conversation of A answers exactly as an id that does not exist', async () => {
    const probe = async (id: string, suffix = '') => {
      const res = await call('GET', `/v1/conversations/${id}${suffix}`, b.auth);
      const { requestId: _, ...rest } = res.body;
      return { status: res.status, body: rest };
    };
    const unknown = await probe('00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(await probe(ids.conversationA)).toEqual(unknown);
    expect(await probe(ids.conversationA, '/reviews')).toEqual(await probe('00000000-0000-4000-8000-000000000000', '/reviews'));
  });

  it('lists, counts and filters only its own conversations', async () => {
    const list = await call('GET', '/v1/conversations?limit=200', b.auth);
    expect(list.body.conversations.map((c: { id: string }) => c.id)).toEqual([ids.conversationB]);
    const byCustomer = await call('GET', `/v1/conversations?customerId=${SHARED_CUSTOMER}`, b.auth);
    expect(byCustomer.body.conversations.map((c: { id: string }) => c.id)).toEqual([ids.conversationB]);
    const kpis = await call('GET', '/v1/kpis?from=2026-01-01&to=2026-12-31', b.auth);
    expect(kpis.body.summary.conversations).toBe(1);
  });

  it('cannot review, delete or erase anything of A, nor touch its keys', async () => {
    const review = await call('POST', `/v1/conversations/${ids.conversationA}/reviews`, b.auth, { comment: 'intrusion' });
    expect(review.status).toBe(404);
    expect((await call('PUT', `/v1/conversations/${ids.conversationA}/assignment`, b.auth, { assignee: 'intruder' })).status).toBe(404);
    expect((await call('DELETE', `/v1/conversations/${ids.conversationA}`, b.auth)).status).toBe(404);
    expect((await call('DELETE', `/v1/keys/${ids.keyA}`, b.auth)).status).toBe(404);
    expect((await call('DELETE', `/v1/keys/${a.keyId}`, b.auth)).status).toBe(404);

    // B erases the shared customer id: only B's conversation goes.
    const erased = await call('POST', '/v1/erasures', b.auth, { customerId: SHARED_CUSTOMER });
    expect(erased.body.erased).toEqual([ids.conversationB]);

    const [stillThere] = await stack.database.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, ids.conversationA));
    expect(stillThere).toBeDefined();
    const [keyA] = await stack.database.db.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, ids.keyA));
    expect(keyA!.revokedAt).toBeNull();
    expect((await call('GET', `/v1/conversations/${ids.conversationA}`, a.auth)).status).toBe(200);
  });

  it("sees only its own keys and audit entries, and cannot send into A's workspace", async () => {
    const keys = await call('GET', '/v1/keys', b.auth);
    const ownKeys = await stack.database.db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.workspaceId, b.id));
    expect(keys.body.keys.map((k: { id: string }) => k.id).sort()).toEqual(ownKeys.map((k) => k.id).sort());
    expect(keys.body.keys.map((k: { id: string }) => k.id)).not.toContain(a.keyId);
    const audit = await call('GET', '/v1/audit', b.auth);
    expect(audit.body.entries.every((e: { details: { conversationIds?: string[] } }) => !(e.details.conversationIds ?? []).includes(ids.conversationA))).toBe(true);
    expect(JSON.stringify(audit.body)).not.toContain(ids.keyA);

    const before = await stack.database.db.execute<{ n: string }>(sql`select count(*) as n from conversations where workspace_id = ${a.id}`);
    const sent = await call('POST', '/v1/conversations', b.auth, conversation(a, 'smuggled'));
    expect(sent).toMatchObject({ status: 422, body: { code: 'validation_failed', field: 'workspace' } });
    const after = await stack.database.db.execute<{ n: string }>(sql`select count(*) as n from conversations where workspace_id = ${a.id}`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  // Last: its erasure probe erases B's own conversations.
  it('aimed at every endpoint with A’s ids, changes nothing of A and gets back none of A’s ids', async () => {
    const snapshot = async () => {
      const rows = await stack.database.db.execute(sql`
        select (select count(*) from conversations where workspace_id = ${a.id}) as conversations,
               (select sum(jsonb_array_length(t.messages)) from transcripts t join conversations c on c.id = t.conversation_id where c.workspace_id = ${a.id}) as messages,
               (select count(*) from reviews where workspace_id = ${a.id}) as reviews,
               (select count(*) from review_states where workspace_id = ${a.id}) as review_states,
               (select count(*) from audit_log where workspace_id = ${a.id}) as audit,
               (select count(*) from api_keys where workspace_id = ${a.id} and revoked_at is null) as active_keys,
               (select redaction::text from workspaces where id = ${a.id}) as redaction`);
      return rows[0];
    };
    const before = await snapshot();
    const secrets = [a.slug, a.keyId, ids.conversationA, ids.keyA, a.id];
    for (const endpoint of ENDPOINTS) {
      const res = await call(endpoint.method, endpoint.path(targetA), b.auth, endpoint.body?.(targetA));
      const label = `${endpoint.method} ${endpoint.route}`;
      expect(res.status, label).not.toBe(500);
      for (const secret of secrets) expect(JSON.stringify(res.body), `${label} leaks ${secret}`).not.toContain(secret);
    }
    expect(await snapshot()).toEqual(before);
  });
});

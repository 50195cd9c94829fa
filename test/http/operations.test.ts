import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/lib/logger';
import { BACKGROUND_PRIORITY, SCORE_BATCH_JOB } from '../../src/queue/score.config';
import { conversationInput } from '../support/fixtures';
import { killStrayWorkers, opsBase, scoredCount, startWorker, stopWorker, waitUntil } from '../support/processes';
import { createTenant, createTestStack, json, postJson, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(async () => {
  killStrayWorkers();
  await stack.close();
});

/** The value of one sample of a Prometheus exposition, or undefined. */
function sample(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('the API for operators', () => {
  it('says it is alive without asking Postgres or Redis, and ready only while both answer and it is not draining', async () => {
    expect(await json(await stack.app.request('/livez'))).toMatchObject({ status: 'ok' });
    const ready = await stack.app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await json(ready)).toEqual({ status: 'ok', ready: true, postgres: true, redis: true, draining: false });

    const draining = createApp({ ...stack.deps, draining: () => true });
    const refused = await draining.request('/readyz');
    expect(refused.status).toBe(503);
    expect(await json(refused)).toMatchObject({ ready: false, postgres: true, redis: true, draining: true });
    expect((await draining.request('/livez')).status).toBe(200);
  });

  it('serves Prometheus metrics: latency by route and status, queue depth and age, pool use, process memory', async () => {
    const tenant = await stack.tenant();
    const posted = await postJson(stack.app, '/v1/conversations', conversationInput(tenant.slug, { lines: [['c', 0, 'hello']] }), tenant.auth);
    expect(posted.status).toBe(202);
    await stack.app.request('/v1/conversations/not-a-uuid', { headers: tenant.auth });
    // Refused before any route's own code ran: counted under the route asked for, not "/v1/*".
    await stack.app.request('/v1/conversations', { method: 'POST' });
    await stack.app.request('/v1/conversations/export');
    await stack.app.request('/v1/no-such-route', { headers: tenant.auth });
    // A backfill job queued 90 s ago, still waiting in the background lane.
    const backfill = await stack.queue.bull.add(SCORE_BATCH_JOB, { workspaceId: tenant.id, conversations: [] }, { priority: BACKGROUND_PRIORITY, timestamp: Date.now() - 90_000 });

    const res = await stack.app.request('/metrics');
    await backfill.remove();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const posts = { method: 'POST', route: '/v1/conversations', status: '202' };
    expect(sample(text, 'parley_http_request_duration_seconds_count', posts)).toBe(1);
    expect(sample(text, 'parley_http_request_duration_seconds_count', { route: '/v1/conversations/:id', status: '404' })).toBe(1);
    expect(sample(text, 'parley_http_request_duration_seconds_count', { method: 'POST', route: '/v1/conversations', status: '401' })).toBe(1);
    expect(sample(text, 'parley_http_request_duration_seconds_count', { method: 'GET', route: '/v1/conversations/export', status: '401' })).toBe(1);
    expect(sample(text, 'parley_http_request_duration_seconds_count', { method: 'GET', route: '/v1/*', status: '404' })).toBe(1);
    // Route patterns only: no id, no query string, no workspace reaches a label.
    expect(text).not.toContain('not-a-uuid');
    expect(text).not.toContain(tenant.slug);
    expect(sample(text, 'parley_queue_jobs', { state: 'waiting' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'parley_queue_jobs', { state: 'prioritized' })).toBe(1);
    expect(sample(text, 'parley_queue_oldest_waiting_seconds', { lane: 'live' })).toBeLessThan(30);
    expect(sample(text, 'parley_queue_oldest_waiting_seconds', { lane: 'background' })).toBeGreaterThanOrEqual(90);
    expect(sample(text, 'parley_queue_oldest_waiting_seconds', { lane: 'background' })).toBeLessThan(120);
    expect(sample(text, 'parley_pg_pool_max')).toBe(4);
    // A transaction held open while Postgres is asked shows up as such.
    await stack.database.sql.begin(async (tx) => {
      await tx`select 1`;
      const during = await (await stack.app.request('/metrics')).text();
      expect(sample(during, 'parley_pg_pool_connections', { state: 'idle in transaction' })).toBe(1);
    });
    expect(sample(text, 'parley_process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
  });

  it('logs a request and what it stored under one request id, with the workspace and conversation ids', async () => {
    const lines: string[] = [];
    const app = createApp({ ...stack.deps, logger: createLogger('info', {}, { write: (line: string) => void lines.push(line) }) });
    const tenant = await stack.tenant();
    const res = await postJson(app, '/v1/conversations', conversationInput(tenant.slug, { lines: [['c', 0, 'hello there']] }), tenant.auth);
    const { id } = await json(res);
    const requestId = res.headers.get('x-request-id');
    const logged = () => lines.map((l) => JSON.parse(l));
    expect(logged().find((l) => l.msg === 'request')).toMatchObject({
      requestId,
      workspaceId: tenant.id,
      keyId: tenant.keyId,
      conversationId: id,
      route: '/v1/conversations',
      status: 202,
    });

    // A batch: a line for each conversation, under the batch's request id.
    const batch = await postJson(app, '/v1/conversations', { conversations: [conversationInput(tenant.slug, { id: 'batched', lines: [['c', 0, 'hello there']] })] }, tenant.auth);
    const stored = (await json(batch)).results[0];
    expect(logged().find((l) => l.msg === 'conversation stored')).toMatchObject({
      requestId: batch.headers.get('x-request-id'),
      workspaceId: tenant.id,
      conversationId: stored.id,
      status: 'created',
    });
    expect(lines.join('\n')).not.toContain('hello there');
  });

  it('asks for the metrics token when one is set', async () => {
    const guarded = createApp({ ...stack.deps, metricsToken: 'a-long-enough-scrape-token' });
    expect((await guarded.request('/metrics')).status).toBe(401);
    expect((await guarded.request('/metrics', { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
    expect((await guarded.request('/metrics', { headers: { authorization: 'Bearer a-long-enough-scrape-token' } })).status).toBe(200);
  });
});

describe('the queue dashboard', () => {
  it("opens at /admin/queues for admin keys of the operator workspace only, by key or by the web UI's session", async () => {
    const operator = await stack.tenant(['admin', 'read', 'review']);
    const app = createApp({ ...stack.deps, operatorWorkspace: operator.slug });
    const get = (path: string, headers: Record<string, string> = {}) => app.request(`/admin/queues${path}`, { headers });

    expect((await get('')).status).toBe(401);
    const otherAdmin = await stack.tenant(['admin']);
    expect(await json(await get('', otherAdmin.auth))).toMatchObject({ code: 'forbidden' });
    const operatorReader = await createTenant(stack.database.db, ['read'], operator.slug);
    expect((await get('', operatorReader.auth)).status).toBe(403);
    // Without OPERATOR_WORKSPACE nobody gets it, admin or not.
    expect((await stack.app.request('/admin/queues', { headers: operator.auth })).status).toBe(403);

    const page = await get('', operator.auth);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Parley queues');
    const script = /src="(static\/js\/main\.[^"]+)"/.exec(html)![1];
    expect((await get(`/${script}`, operator.auth)).status).toBe(200);
    const queues = await json(await get('/api/queues', operator.auth));
    expect(queues.queues.map((q: { name: string }) => q.name)).toEqual(['score-conversation']);

    const signedIn = await app.request('/ui/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: operator.auth.authorization!.replace(/^Bearer /, '') }),
    });
    const cookie = `parley_session=${/parley_session=([^;]*)/.exec(signedIn.headers.get('set-cookie') ?? '')![1]}`;
    expect((await get('/api/queues', { cookie })).status).toBe(200);
    // A change through the cookie needs proof the page is same-origin: the browser's Fetch Metadata.
    const retry = (headers: Record<string, string>) => app.request('/admin/queues/api/queues/score-conversation/retry/failed', { method: 'PUT', headers: { cookie, ...headers } });
    expect((await retry({})).status).toBe(403);
    expect((await retry({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await retry({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });
});

describe('a worker for operators', () => {
  it('serves liveness, readiness and metrics of its jobs, its scoring stages and its queue', async () => {
    const worker = startWorker(stack.config, { LOG_LEVEL: 'debug' });
    try {
      const base = await opsBase(worker);
      expect((await fetch(`${base}/livez`)).status).toBe(200);
      expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ ready: true, postgres: true, redis: true });

      const tenant = await stack.tenant();
      const posted = await postJson(stack.app, '/v1/conversations', conversationInput(tenant.slug, { lines: [['c', 0, 'my order never arrived'], ['a', 30, 'sorry, checking']] }), tenant.auth);
      expect(posted.status).toBe(202);
      await waitUntil('the conversation to be scored', 30_000, async () => (await scoredCount(stack.database.db, tenant.slug)) === 1);

      const text = await waitUntil('the worker to count the job', 10_000, async () => {
        const exposition = await (await fetch(`${base}/metrics`)).text();
        return (sample(exposition, 'parley_jobs_total', { name: 'score-batch', lane: 'live', outcome: 'completed' }) ?? 0) >= 1 ? exposition : false;
      });
      expect(sample(text, 'parley_conversations_scored_total')).toBeGreaterThanOrEqual(1);
      const conversationId = (await json(posted)).id;
      const scoredLine = worker.output.join('').split('\n').find((l) => l.includes('"msg":"scored"') && l.includes(conversationId));
      expect(JSON.parse(scoredLine!)).toMatchObject({ jobId: expect.any(String), workspaceId: tenant.id, conversationId });
      expect(sample(text, 'parley_job_duration_seconds_count', { name: 'score-batch', lane: 'live' })).toBeGreaterThanOrEqual(1);
      for (const stage of ['language', 'sentiment', 'intent', 'resolution', 'satisfaction']) {
        expect(sample(text, 'parley_scoring_stage_seconds_total', { stage }), stage).toBeGreaterThan(0);
      }
      expect(sample(text, 'parley_queue_jobs', { state: 'active' })).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'parley_pg_pool_max')).toBeGreaterThan(4);
    } finally {
      await stopWorker(worker);
    }
  }, 60_000);
});

import { Queue } from 'bullmq';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, transcripts } from '../../src/db/schema';
import { scoreBatchJobId } from '../../src/queue/jobs';
import { SCORE_QUEUE } from '../../src/queue/score.config';
import { conversationInput } from '../support/fixtures';
import { listen } from '../support/processes';
import { scoreStored } from '../support/scoring';
import { createTestStack, getJson, json, postJson, uniqueId, type Tenant, type TestStack } from '../support/stack';

let stack: TestStack;
let jobs: Queue;
beforeAll(async () => {
  stack = await createTestStack();
  jobs = new Queue(SCORE_QUEUE, { connection: stack.redis, prefix: stack.config.QUEUE_PREFIX });
});
afterAll(async () => {
  await jobs.close();
  await stack.close();
});

const simple = (workspace: string, id = uniqueId('ext'), text = 'where is my order?') =>
  conversationInput(workspace, { id, lines: [['c', 0, text], ['a', 90, 'It ships today.']] });

async function storedCount(t: Tenant) {
  const [row] = await stack.database.db.execute<{ n: string }>(sql`select count(*) as n from conversations where workspace_id = ${t.id}`);
  return Number(row!.n);
}

const post = (t: Tenant, body: unknown) => postJson(stack.app, '/v1/conversations', body, t.auth);

describe('POST /v1/conversations', () => {
  it('answers 202 only once the conversation is in Postgres, and then queues it in the live lane', async () => {
    const t = await stack.tenant();
    const res = await post(t, simple(t.slug, 'ext-1'));
    expect(res.status).toBe(202);
    const body = await json(res);
    expect(body).toMatchObject({ status: 'created', externalId: 'ext-1', revision: 1, enqueued: true });
    expect(res.headers.get('location')).toBe(`/v1/conversations/${body.id}`);

    const [row] = await stack.database.db.select().from(conversations).where(eq(conversations.id, body.id));
    expect(row).toMatchObject({ externalId: 'ext-1', channel: 'web_chat', messageCount: 2 });
    const data = { workspaceId: row!.workspaceId, conversations: [{ id: body.id, revision: 1 }] };
    const job = await jobs.getJob(scoreBatchJobId(data));
    expect(job?.data).toEqual(data);
    // No priority: ahead of every backfill batch.
    expect(job?.opts.priority ?? 0).toBe(0);
  });

  it('queues a re-sent conversation again only while it has no score', async () => {
    const t = await stack.tenant();
    const queuedJobs = async (id: string) =>
      (await jobs.getJobs(['waiting', 'prioritized'])).filter((j) => j.data.conversations?.some((c: { id: string }) => c.id === id));
    // Takes its jobs out of the queue, as a lost queue would; says how many there were.
    const dequeue = async (id: string) => {
      const found = await queuedJobs(id);
      await Promise.all(found.map((j) => j.remove()));
      return found.length;
    };
    const first = await json(await post(t, simple(t.slug, 'resent')));
    expect(await dequeue(first.id)).toBe(1);
    // Not scored (its job lost): queued again.
    expect(await json(await post(t, simple(t.slug, 'resent')))).toMatchObject({ status: 'unchanged', enqueued: true });
    expect(await dequeue(first.id)).toBe(1);
    await scoreStored(stack.database, first.id);
    expect(await json(await post(t, simple(t.slug, 'resent')))).toMatchObject({ status: 'unchanged', enqueued: true });
    expect(await dequeue(first.id)).toBe(0);
  });

  it('updates a re-sent conversation instead of duplicating it', async () => {
    const t = await stack.tenant();
    const ws = t.slug;
    const first = await json(await post(t, simple(ws, 'same', 'hello')));
    const again = await json(await post(t, simple(ws, 'same', 'hello')));
    expect(again).toMatchObject({ id: first.id, status: 'unchanged', revision: 1 });

    const changed = conversationInput(ws, {
      id: 'same',
      agent: 'agent-7',
      lines: [['c', 0, 'hello'], ['a', 90, 'Hi!'], ['c', 120, 'thanks']],
    });
    const updated = await json(await post(t, changed));
    expect(updated).toMatchObject({ id: first.id, status: 'updated', revision: 2 });

    expect(await storedCount(t)).toBe(1);
    const texts = async () =>
      (await stack.database.db.select().from(transcripts).where(eq(transcripts.conversationId, first.id)))[0]!.messages.map((m) => `${m.role}:${m.text}`);
    expect(await texts()).toEqual(['customer:hello', 'agent:Hi!', 'customer:thanks']);
    // The agent dimension follows the transcript: whoever sent its first agent message, if anyone.
    const agentOf = async () => (await stack.database.db.select().from(conversations).where(eq(conversations.id, first.id)))[0]!.agentId;
    expect(await agentOf()).toBe('agent-7');

    // Shorter, then within one batch changed twice: each write replaces every message, none left over.
    const shorter = conversationInput(ws, { id: 'same', lines: [['c', 0, 'hi again'], ['b', 5, 'How can I help?']] });
    expect(await json(await post(t, shorter))).toMatchObject({ status: 'updated', revision: 3 });
    expect(await texts()).toEqual(['customer:hi again', 'bot:How can I help?']);
    expect(await agentOf()).toBeNull();
    const batch = await json(await post(t, { conversations: [simple(ws, 'same', 'one'), simple(ws, 'same', 'two')] }));
    expect(batch.results.map((r: { status: string; revision: number }) => [r.status, r.revision])).toEqual([['updated', 4], ['updated', 5]]);
    expect(await texts()).toEqual(['customer:two', 'agent:It ships today.']);
  });

  it('keeps the same external id apart across sources and workspaces', async () => {
    const t = await stack.tenant();
    const other = await stack.tenant();
    const a = await json(await post(t, simple(t.slug, 'x')));
    const b = await json(await post(t, { ...simple(t.slug, 'x'), source: 'other-system' }));
    const c = await json(await post(other, simple(other.slug, 'x')));
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
  });

  it('accepts a batch, storing valid items and reporting invalid ones per item', async () => {
    const t = await stack.tenant();
    const ws = t.slug;
    const bad = { ...simple(ws), channel: 'carrier-pigeon' };
    const res = await post(t, { conversations: [simple(ws), bad, simple(ws)] });
    expect(res.status).toBe(202);
    const body = await json(res);
    expect(body).toMatchObject({ accepted: 2, rejected: 1, enqueued: true });
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'rejected', 'created']);
    expect(body.results[1].errors).toEqual([{ field: 'conversations[1].channel', message: expect.any(String) }]);
    expect(await storedCount(t)).toBe(2);
  });

  it('rejects a batch with no valid item with 422 and every error', async () => {
    const t = await stack.tenant();
    const res = await post(t, { conversations: [{}, { ...simple(t.slug), messages: [] }] });
    expect(res.status).toBe(422);
    const problem = await json(res);
    expect(problem.errors.map((e: { field: string }) => e.field)).toContain('conversations[1].messages');
    expect(await storedCount(t)).toBe(0);
  });

  it('rejects a batch over the size limit', async () => {
    const res = await post(await stack.tenant(), { conversations: new Array(501).fill({}) });
    expect(res.status).toBe(422);
    expect((await json(res)).field).toBe('conversations');
  });

  it('answers bad requests with problem+json: code, field, request id', async () => {
    const t = await stack.tenant();
    const invalid = await post(t, { ...simple(t.slug), externalId: '' });
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get('content-type')).toBe('application/problem+json');
    expect(await json(invalid)).toMatchObject({
      status: 422,
      code: 'validation_failed',
      field: 'externalId',
      errors: [{ field: 'externalId', message: 'must not be empty' }],
      requestId: expect.any(String),
    });

    const malformed = await post(t, '{"workspace": ');
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).code).toBe('invalid_json');

    const wrongType = await stack.app.request('/v1/conversations', { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain', ...t.auth } });
    expect(wrongType.status).toBe(415);
    expect((await json(wrongType)).code).toBe('unsupported_media_type');

    for (const body of ['null', '[]', '42', '"text"']) {
      const res = await post(t, body);
      expect(res.status, body).toBe(422);
    }
  });

  it('refuses a body over the size limit with 413 and stores nothing', async () => {
    const small = await createTestStack({ MAX_BODY_BYTES: '2048' });
    try {
      const t = await small.tenant();
      const res = await postJson(small.app, '/v1/conversations', simple(t.slug, 'big', 'x'.repeat(5000)), t.auth);
      expect(res.status).toBe(413);
      expect(await json(res)).toMatchObject({ code: 'payload_too_large', field: '(body)' });
      expect(await storedCount(t)).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('over HTTP, as served: stores a post, refuses malformed JSON, and a body over the limit whether its length is declared or chunked', async () => {
    const small = await createTestStack({ MAX_BODY_BYTES: '2048' });
    const server = await listen(small.app);
    try {
      const t = await small.tenant();
      const send = (body: string | ReadableStream<Uint8Array>) =>
        fetch(`${server.base}/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json', ...t.auth }, body, duplex: 'half' } as RequestInit);
      const chunked = (text: string) =>
        new ReadableStream({
          start(controller) {
            for (let i = 0; i < text.length; i += 500) controller.enqueue(new TextEncoder().encode(text.slice(i, i + 500)));
            controller.close();
          },
        });

      const stored = await send(JSON.stringify(simple(t.slug, 'served')));
      expect(stored.status).toBe(202);
      expect(await json(stored)).toMatchObject({ status: 'created', externalId: 'served' });
      const storedChunked = await send(chunked(JSON.stringify(simple(t.slug, 'served-chunked'))));
      expect(storedChunked.status).toBe(202);

      const malformed = await send('{"workspace": ');
      expect(malformed.status).toBe(400);
      expect((await json(malformed)).code).toBe('invalid_json');

      const big = JSON.stringify(simple(t.slug, 'big', 'x'.repeat(5000)));
      for (const body of [big, chunked(big)]) {
        const res = await send(body);
        expect(res.status).toBe(413);
        expect(await json(res)).toMatchObject({ code: 'payload_too_large', field: '(body)' });
      }
      expect(await storedCount(t)).toBe(2);
    } finally {
      await server.close();
      await small.close();
    }
  });
});

describe('GET /v1/conversations/:id', () => {
  it('returns the conversation with its messages, pending until scored', async () => {
    const t = await stack.tenant();
    const { id } = await json(await post(t, simple(t.slug, 'g1')));
    const res = await getJson(stack.app, `/v1/conversations/${id}`, t.auth);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ id, workspace: t.slug, externalId: 'g1', scoring: { status: 'pending' }, scores: null });
    expect(body.messages.map((m: { role: string }) => m.role)).toEqual(['customer', 'agent']);
  });

  it('answers 404 alike for an unknown id, a malformed id, and another workspace', async () => {
    const owner = await stack.tenant();
    const other = await stack.tenant();
    const { id } = await json(await post(owner, simple(owner.slug)));
    await post(other, simple(other.slug));
    const answers = [];
    for (const [path, t] of [
      [`/v1/conversations/${id}`, other],
      ['/v1/conversations/00000000-0000-4000-8000-000000000000', owner],
      ['/v1/conversations/not-a-uuid', owner],
    ] as const) {
      const res = await getJson(stack.app, path, t.auth);
      expect(res.status, path).toBe(404);
      const { requestId: _, ...rest } = await json(res);
      answers.push(rest);
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });
});

describe('GET /v1/kpis parameters', () => {
  it.each([
    ['timeZone=Mars/Base', 'timeZone'],
    ['from=yesterday', 'from'],
    ['from=2026-10-10&to=2026-10-01', 'from'],
    ['from=2020-01-01&to=2026-01-01', 'from'],
  ])('rejects %s naming %s', async (query, field) => {
    const t = await stack.tenant();
    await post(t, simple(t.slug));
    const res = await getJson(stack.app, `/v1/kpis?${query}`, t.auth);
    expect(res.status).toBe(400);
    expect((await json(res)).field).toBe(field);
  });
});

describe('GET /healthz', () => {
  it('keeps /healthz as the readiness check under its older name', async () => {
    const res = await stack.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual(await json(await stack.app.request('/readyz')));
  });

  it('unknown routes are problem+json 404s', async () => {
    const res = await stack.app.request('/v2/nothing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('text Postgres cannot store', () => {
  it('is refused with the field named, and valid neighbours are still stored', async () => {
    const t = await stack.tenant();
    const ws = t.slug;
    const nul = simple(ws, 'nul', 'bad \u0000 byte');
    const surrogate = simple(ws, 'surrogate', 'broken \ud800 emoji');
    const res = await post(t, { conversations: [simple(ws, 'fine'), nul, surrogate] });
    expect(res.status).toBe(202);
    const body = await json(res);
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'rejected', 'rejected']);
    expect(body.results[1].errors[0].field).toBe('conversations[1].messages[0].text');
    expect(body.results[2].errors[0].field).toBe('conversations[2].messages[0].text');
    expect(await storedCount(t)).toBe(1);
  });
});

describe('reviews', () => {
  it('are stored with the reviewing key, listed oldest first, with personal data in comments redacted', async () => {
    const t = await stack.tenant();
    const { id } = await json(await post(t, simple(t.slug, 'reviewed')));
    await scoreStored(stack.database, id);
    const path = `/v1/conversations/${id}/reviews`;
    const first = await postJson(stack.app, path, { labels: { resolution: 'unresolved' }, comment: 'customer (ana@x.pt) called back' }, t.auth);
    expect(first.status).toBe(201);
    const stored = await json(first);
    expect(stored).toMatchObject({ reviewer: t.keyId, labels: { resolution: 'unresolved' }, comment: 'customer ([EMAIL]) called back', rubric: {}, rubricScore: null });
    // Parley's own labels at the time sit beside the reviewer's.
    expect(Object.keys(stored.parleyLabels)).toEqual(expect.arrayContaining(['resolution', 'abandonment', 'satisfaction']));
    await postJson(stack.app, path, { comment: 'second look' }, t.auth);
    const listed = await json(await getJson(stack.app, path, t.auth));
    expect(listed.reviews.map((r: { comment: string }) => r.comment)).toEqual(['customer ([EMAIL]) called back', 'second look']);
    expect(await json(await postJson(stack.app, path, { labels: { resolution: 'maybe' } }, t.auth))).toMatchObject({ code: 'validation_failed', field: 'labels.resolution' });
    expect((await postJson(stack.app, path, {}, t.auth)).status).toBe(422);
  });

  it("score the workspace's rubric: weighted ratings, and a failed critical category fails the review", async () => {
    const t = await stack.tenant();
    const { id } = await json(await post(t, simple(t.slug, 'rated')));
    const path = `/v1/conversations/${id}/reviews`;
    // Default rubric: greeting 1, understanding 2, accuracy 3 (critical), tone 2, resolution 3.
    const rated = await json(await postJson(stack.app, path, { rubric: { greeting: 5, accuracy: 3, tone: 4 } }, t.auth));
    // (1·100 + 3·50 + 2·75) / 6 = 66.7
    expect(rated).toMatchObject({ rubricScore: 66.7, criticalFailed: false });
    expect(await json(await postJson(stack.app, path, { rubric: { greeting: 5, accuracy: 2, tone: 5 } }, t.auth))).toMatchObject({ rubricScore: 0, criticalFailed: true });
    expect(await json(await postJson(stack.app, path, { rubric: { empathy: 4 } }, t.auth))).toMatchObject({ code: 'validation_failed', field: 'rubric.empathy' });
    expect(await json(await postJson(stack.app, path, { rubric: { tone: 6 } }, t.auth))).toMatchObject({ code: 'validation_failed', field: 'rubric.tone' });

    const own = { categories: [{ key: 'empathy', name: 'Empathy', weight: 1, critical: false }, { key: 'compliance', name: 'Compliance', weight: 1, critical: true }] };
    const patched = await stack.app.request('/v1/workspace', { method: 'PATCH', headers: { ...t.auth, 'content-type': 'application/json' }, body: JSON.stringify({ rubric: own }) });
    expect((await json(patched)).rubric).toEqual(own);
    expect(await json(await postJson(stack.app, path, { rubric: { empathy: 4, compliance: 5 } }, t.auth))).toMatchObject({ rubricScore: 87.5 });
  });
});

describe('GET /v1/conversations', () => {
  it('pages newest first with a cursor that keeps its place, and filters', async () => {
    const t = await stack.tenant();
    for (let day = 1; day <= 5; day++) {
      await post(t, conversationInput(t.slug, { id: `d${day}`, start: `2026-09-0${day}T10:00:00Z`, channel: day % 2 ? 'email' : 'web_chat', lines: [['c', 0, 'hi']] }));
    }
    const first = await json(await getJson(stack.app, '/v1/conversations?limit=2', t.auth));

    expect(first.conversations.map((c: { externalId: string }) => c.externalId)).toEqual(['d5', 'd4']);
    await post(t, conversationInput(t.slug, { id: 'd6', start: '2026-09-06T10:00:00Z', lines: [['c', 0, 'newer']] }));
    const second = await json(await getJson(stack.app, `/v1/conversations?limit=2&cursor=${first.nextCursor}`, t.auth));
    expect(second.conversations.map((c: { externalId: string }) => c.externalId)).toEqual(['d3', 'd2']);
    const last = await json(await getJson(stack.app, `/v1/conversations?limit=2&cursor=${second.nextCursor}`, t.auth));
    expect(last).toMatchObject({ conversations: [{ externalId: 'd1' }], nextCursor: null });

    const email = await json(await getJson(stack.app, '/v1/conversations?channel=email&from=2026-09-02&to=2026-09-05', t.auth));
    expect(email.conversations.map((c: { externalId: string }) => c.externalId)).toEqual(['d3']);
    const tampered = await getJson(stack.app, '/v1/conversations?cursor=bm90LWEtY3Vyc29y', t.auth);
    expect(await json(tampered)).toMatchObject({ code: 'invalid_parameter', field: 'cursor' });
  });
});

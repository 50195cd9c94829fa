import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import { producerConnection } from '../../src/queue/connection';
import { createScoreQueue } from '../../src/queue/score-queue';
import { conversationInput } from '../support/fixtures';
import { createTestStack, getJson, json, postJson } from '../support/stack';

// Nothing listens on port 1: a real connection refused, not a mock.
const CLOSED_PORT = 1;

describe('when a backing service is down', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('Postgres down: 503 with Retry-After, and health says which part is down', async () => {
    const stack = await createTestStack();
    cleanups.push(() => stack.close());
    const database = createDb(`postgres://postgres@127.0.0.1:${CLOSED_PORT}/parley`, { max: 1 });
    cleanups.push(() => database.close(0));
    const app = createApp({ ...stack.deps, database });
    const tenant = await stack.tenant();

    const res = await postJson(app, '/v1/conversations', conversationInput(tenant.slug, { lines: [['c', 0, 'hello']] }), tenant.auth);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await json(res)).code).toBe('service_unavailable');

    const health = await app.request('/healthz');
    expect(health.status).toBe(503);
    expect(await json(health)).toEqual({ status: 'unavailable', ready: false, postgres: false, redis: true, draining: false });
    expect((await app.request('/livez')).status).toBe(200);
  });

  it('Redis down: the conversation is still stored, the answer says it was not queued, and its job waits in the outbox', async () => {
    const stack = await createTestStack();
    cleanups.push(() => stack.close());
    const redis = producerConnection(`redis://127.0.0.1:${CLOSED_PORT}`);
    redis.on('error', () => {});
    cleanups.push(async () => redis.disconnect());
    const queue = createScoreQueue(redis, stack.config.QUEUE_PREFIX, () => {});
    // The rate limiter shares the dead connection: it must let the request through, not fail it.
    const app = createApp({ ...stack.deps, queue, redis });
    const tenant = await stack.tenant();

    const res = await postJson(app, '/v1/conversations', conversationInput(tenant.slug, { lines: [['c', 0, 'hello']] }), tenant.auth);
    expect(res.status).toBe(202);
    const body = await json(res);
    expect(body).toMatchObject({ status: 'created', enqueued: false });
    expect((await getJson(stack.app, `/v1/conversations/${body.id}`, tenant.auth)).status).toBe(200);
    // Where the reconciler's next round picks it up once Redis is back.
    const waiting = await stack.database.sql`select job from score_outbox where job->'conversations' @> ${JSON.stringify([{ id: body.id, revision: 1 }])}::jsonb`;
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.job).toMatchObject({ workspaceId: tenant.id });
  });
});

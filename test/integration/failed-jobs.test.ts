import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerConnection } from '../../src/queue/connection';
import { SCORE_JOB, SCORE_QUEUE } from '../../src/queue/score.config';
import { waitUntil } from '../support/processes';
import { testProcessor } from '../support/scoring';
import { createTestStack, json, type Tenant, type TestStack } from '../support/stack';

let stack: TestStack;
let a: Tenant;
let b: Tenant;
beforeAll(async () => {
  stack = await createTestStack();
  [a, b] = await Promise.all([stack.tenant(['admin']), stack.tenant(['admin'])]);
});
afterAll(async () => {
  await stack.close();
});

const send = (method: string, path: string, tenant: Tenant) => stack.app.request(path, { method, headers: tenant.auth });

/** A job the real processor refuses at once (a payload it cannot read), as a workspace's job. */
async function failingJob(tenant: Tenant, name: string): Promise<string> {
  const job = await stack.queue.bull.add(SCORE_JOB, { workspaceId: tenant.id, conversationId: name }, { jobId: `score-${name}`, attempts: 3 });
  return job.id!;
}

describe('failed scoring jobs', () => {
  it('are listed with their error to their own workspace only, retried from the admin API, and audited', async () => {
    const connection = workerConnection(stack.config.REDIS_URL);
    const worker = new Worker(SCORE_QUEUE, testProcessor(stack.database), { connection, prefix: stack.config.QUEUE_PREFIX });
    const ofA = await failingJob(a, 'broken-a');
    const ofB = await failingJob(b, 'broken-b');
    try {
      await waitUntil('both jobs to fail', 10_000, async () => (await stack.queue.bull.getFailedCount()) === 2);
    } finally {
      await worker.close();
      await connection.quit();
    }

    const listed = await json(await send('GET', '/v1/jobs/failed', a));
    expect(listed).toEqual({
      complete: true,
      jobs: [
        {
          id: ofA,
          name: SCORE_JOB,
          failedReason: expect.stringMatching(/^invalid score job payload/),
          attemptsMade: 1,
          enqueuedAt: expect.any(String),
          failedAt: expect.any(String),
          conversationIds: ['broken-a'],
        },
      ],
    });
    expect((await json(await send('GET', '/v1/jobs/failed', b))).jobs.map((j: { id: string }) => j.id)).toEqual([ofB]);

    // B cannot retry A's job, and learns nothing from trying: the same 404 as an id that does not exist.
    const foreign = await send('POST', `/v1/jobs/${ofA}/retry`, b);
    expect(foreign.status).toBe(404);
    expect((await json(foreign)).code).toBe('not_found');
    expect((await send('POST', '/v1/jobs/score-nothing-here/retry', b)).status).toBe(404);

    const retried = await send('POST', `/v1/jobs/${ofA}/retry`, a);
    expect(retried.status).toBe(202);
    expect(await (await stack.queue.bull.getJob(ofA))!.getState()).toBe('waiting');
    const again = await send('POST', `/v1/jobs/${ofA}/retry`, a);
    expect(again.status).toBe(409);
    expect((await json(again)).code).toBe('conflict');
    expect(await (await stack.queue.bull.getJob(ofB))!.getState()).toBe('failed');

    const all = await json(await send('POST', '/v1/jobs/failed/retry', b));
    expect(all).toEqual({ retried: 1, jobIds: [ofB] });
    const audit = await json(await send('GET', '/v1/audit', a));
    expect(audit.entries[0]).toMatchObject({ action: 'jobs.retried', details: { jobIds: [ofA] } });
  });
});

import { Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { eq, inArray, sql } from 'drizzle-orm';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationScores, scoringFailures } from '../../src/db/schema';
import { nextStale } from '../../src/db/queries/rescore';
import { scorerVersion } from '../../src/scoring/version';
import { workerConnection } from '../../src/queue/connection';
import { BACKGROUND_PRIORITY, SCORE_BATCH_JOB, SCORE_QUEUE, scoreJobOptions } from '../../src/queue/score.config';
import { scoreBatchJobId } from '../../src/queue/jobs';
import { createDb } from '../../src/db/client';
import { findLatestScores, saveScores } from '../../src/db/queries/scores';
import { scoreConversation } from '../../src/scoring';
import { FLAG_REASONS } from '../../src/scoring/types';
import { conversation, conversationInput, testModels } from '../support/fixtures';
import { exited, killStrayWorkers, scoredCount, startWorker, waitUntil } from '../support/processes';
import { testProcessor } from '../support/scoring';
import { createTestStack, json, postJson, uniqueId, type Tenant, type TestStack } from '../support/stack';

const models = testModels();
let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(async () => {
  killStrayWorkers();
  await stack.close();
});

async function ingest(tenant: Tenant, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const batch = Array.from({ length: Math.min(500, count - start) }, (_, i) =>
      conversationInput(tenant.slug, {
        id: `c-${start + i}`,
        lines: [
          ['c', 0, 'my parcel is late, this is annoying'],
          ['a', 120, 'Sorry! It ships today.'],
          ['c', 180, 'ok thanks'],
        ],
      }),
    );
    const body = await json(await postJson(stack.app, '/v1/conversations', { conversations: batch }, tenant.auth));
    ids.push(...body.results.map((r: { id: string }) => r.id));
  }
  return ids;
}

describe('scoring worker process', () => {
  it('stopped with SIGTERM mid-run finishes its jobs, exits cleanly, and loses nothing', async () => {
    const tenant = await stack.tenant();
    const workspace = tenant.slug;
    const total = 1_500;
    await ingest(tenant, total);

    const first = startWorker(stack.config, { WORKER_CONCURRENCY: '2' });
    await waitUntil('scoring to begin', 20_000, async () => (await scoredCount(stack.database.db, workspace)) > 0);
    first.kill('SIGTERM');
    const { code } = await exited(first);
    const scoredBeforeRestart = await scoredCount(stack.database.db, workspace);
    expect(code, first.output.join('')).toBe(0);
    expect(first.output.join('')).toContain('shut down cleanly');
    // The stop really came mid-run: work was left for the next worker.
    expect(scoredBeforeRestart).toBeLessThan(total);

    const second = startWorker(stack.config);
    await waitUntil('the rest to be scored', 30_000, async () => (await scoredCount(stack.database.db, workspace)) === total || false);
    second.kill('SIGTERM');
    expect((await exited(second)).code).toBe(0);

    const [rows] = await stack.database.db.execute<{ n: string }>(
      sql`select count(*) as n from conversation_scores s join workspaces w on w.id = s.workspace_id where w.slug = ${workspace}`,
    );
    expect(Number(rows!.n)).toBe(total);
    const queue = new Queue(SCORE_QUEUE, { connection: stack.redis, prefix: stack.config.QUEUE_PREFIX });
    expect(await queue.getJobCounts('failed', 'waiting', 'active', 'delayed')).toEqual({ failed: 0, waiting: 0, active: 0, delayed: 0 });
    await queue.close();
  }, 90_000);
});

describe('score processor', () => {
  const processor = () => testProcessor(stack.database);

  it('fails an invalid payload at once, without retries', async () => {
    const prefix = uniqueId(stack.config.QUEUE_PREFIX);
    const connection = workerConnection(stack.config.REDIS_URL);
    const queue = new Queue(SCORE_QUEUE, { connection, prefix });
    const events = new QueueEvents(SCORE_QUEUE, { connection: connection.duplicate(), prefix });
    await events.waitUntilReady();
    const worker = new Worker(SCORE_QUEUE, processor(), { connection, prefix });
    try {
      const job = await queue.add('score', { conversationId: 'not-a-uuid' }, { attempts: 5, backoff: { type: 'fixed', delay: 10 } });
      await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(/invalid score job payload/);
      const failed = await queue.getJob(job.id!);
      expect(failed!.attemptsMade).toBe(1);
      expect(await failed!.getState()).toBe('failed');
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
      await connection.quit();
    }
  });

  it('while Postgres is away, puts the job back without using an attempt, holds the workers, and scores it once Postgres answers', async () => {
    const [id] = await ingest(await stack.tenant(), 1);
    const [stored] = await stack.database.db.execute<{ workspace_id: string; revision: number }>(
      sql`select workspace_id, revision from conversations where id = ${id}`,
    );
    const prefix = uniqueId(stack.config.QUEUE_PREFIX);
    const connection = workerConnection(stack.config.REDIS_URL);
    const unreachable = createDb('postgres://postgres@127.0.0.1:1/parley', { max: 1 });
    const queue = new Queue(SCORE_QUEUE, { connection, prefix, defaultJobOptions: scoreJobOptions });
    const hold = (ms: number) => queue.rateLimit(ms);
    const cutOff = new Worker(SCORE_QUEUE, testProcessor(unreachable, { holdWorkers: hold }), { connection, prefix });
    let healthy: Worker | undefined;
    try {
      const data = { workspaceId: stored!.workspace_id, conversations: [{ id: id!, revision: stored!.revision }] };
      const job = await queue.add(SCORE_BATCH_JOB, data, { jobId: scoreBatchJobId(data) });
      await waitUntil('the queue to be held', 10_000, async () => (await queue.getRateLimitTtl()) > 0);
      await cutOff.close();
      const waiting = await queue.getJob(job.id!);
      expect(await waiting!.getState()).toBe('waiting');
      expect(waiting!.attemptsMade).toBe(0);

      healthy = new Worker(SCORE_QUEUE, testProcessor(stack.database, { holdWorkers: hold }), { connection, prefix });
      const done = await waitUntil('the job to be scored after the hold', 20_000, async () => {
        const current = await queue.getJob(job.id!);
        return (await current!.getState()) === 'completed' ? current! : false;
      });
      expect(done.returnvalue).toMatchObject({ outcome: 'batch', scored: 1 });
      expect(done.attemptsMade).toBe(1);
    } finally {
      await cutOff.close();
      await healthy?.close();
      await queue.close();
      await connection.quit();
      await unreachable.close(0);
    }
  });

  it('counts live and background jobs apart', async () => {
    const tenant = await stack.tenant();
    const [live, background] = await ingest(tenant, 2);
    const registry = new Registry();
    const run = testProcessor(stack.database, { registry });
    const job = (id: string, opts: { priority?: number }) => ({ id, name: SCORE_BATCH_JOB, attemptsMade: 0, opts, data: { workspaceId: tenant.id, conversations: [{ id, revision: 1 }] } });
    await run(job(live!, {}) as never);
    await run(job(background!, { priority: BACKGROUND_PRIORITY }) as never);
    const text = await registry.metrics();
    expect(text).toContain('parley_jobs_total{name="score-batch",lane="live",outcome="completed"} 1');
    expect(text).toContain('parley_jobs_total{name="score-batch",lane="background",outcome="completed"} 1');
  });

  it('scores the rest of a batch around a conversation it cannot score, then fails the job naming it', async () => {
    const tenant = await stack.tenant();
    const [good, broken] = await ingest(tenant, 2);
    // A transcript the contract refuses, as a hand edit or an old bug could leave one.
    await stack.database.db.execute(sql`update transcripts set messages = '[]'::jsonb where conversation_id = ${broken}`);
    const job = { id: 'mixed', name: SCORE_BATCH_JOB, attemptsMade: 0, opts: {}, data: { workspaceId: tenant.id, conversations: [{ id: good, revision: 1 }, { id: broken, revision: 1 }] } };
    const failure = await processor()(job as never).then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(UnrecoverableError);
    expect((failure as Error).message).toMatch(new RegExp(`^1 of 2 conversations not scored \\(1 scored\\); ${broken}: stored conversation violates the contract`));
    const scoredIds = await stack.database.db.select({ id: conversationScores.conversationId }).from(conversationScores).where(inArray(conversationScores.conversationId, [good!, broken!]));
    expect(scoredIds).toEqual([{ id: good }]);

    // Recorded, so the reconciler's sweeps do not queue it again to fail the same way; until it
    // changes, or another scorer version runs.
    const version = scorerVersion(models);
    const [recorded] = await stack.database.db.select().from(scoringFailures).where(eq(scoringFailures.conversationId, broken!));
    expect(recorded).toMatchObject({ scorerVersion: version, workspaceId: tenant.id, revision: 1, reason: expect.stringMatching(/^stored conversation violates the contract/) });
    const stale = async (scorer: string) => {
      const scope = { workspaceId: tenant.id, since: null, until: null, updatedBefore: null };
      return (await nextStale(stack.database.sql, scope, scorer, null, 100)).stale.map((c) => c.id);
    };
    expect(await stale(version)).toEqual([]);
    expect((await stale('another-version')).sort()).toEqual([good!, broken!].sort());
    await stack.database.db.execute(sql`update conversations set revision = 2 where id = ${broken}`);
    expect(await stale(version)).toEqual([broken]);

    // A scorer that throws (here, for want of its models) fails the job the same way, not with a crash.
    const more = await ingest(tenant, 2);
    const scorerless = testProcessor(stack.database, { models: {} as never });
    const thrown = await scorerless({ ...job, data: { workspaceId: tenant.id, conversations: more.map((id) => ({ id, revision: 1 })) } } as never).then(() => null, (error: unknown) => error);
    expect(thrown).toBeInstanceOf(UnrecoverableError);
    expect((thrown as Error).message).toMatch(/^2 of 2 conversations not scored \(0 scored\); [0-9a-f-]{36}: scoring failed: /);
  });

  it('leaves the same rows when the same job runs twice', async () => {
    const [id] = await ingest(await stack.tenant(), 1);
    const [stored] = await stack.database.db.execute<{ workspace_id: string }>(sql`select workspace_id from conversations where id = ${id}`);
    const job = { id: 'test', attemptsMade: 0, data: { workspaceId: stored!.workspace_id, conversationId: id!, revision: 1 } };
    const run = processor();
    const snapshot = async () => {
      const [score] = await stack.database.db.select().from(conversationScores).where(eq(conversationScores.conversationId, id!));
      const { scoredAt: _ignored, ...rest } = score!;
      return rest;
    };
    await run(job as never);
    const once = await snapshot();
    await run(job as never);
    expect(await snapshot()).toEqual(once);
    expect(once.messageSentiments).toHaveLength(3);
  });

  it('stores a score exactly as computed, whatever its text holds', async () => {
    const tenant = await stack.tenant();
    const [id] = await ingest(tenant, 1);
    const [stored] = await stack.database.db.execute<{ workspace_id: string }>(sql`select workspace_id from conversations where id = ${id}`);
    const score = scoreConversation(conversation({ lines: [['c', 0, 'my parcel is late'], ['a', 60, 'Sorry! It ships today.'], ['c', 90, 'ok thanks']] }), models);
    // A workspace's own taxonomy names its labels: anything COPY or an array literal must escape.
    score.intent.intent = 'billing "refund"\t\\ {x,y}\nline two ✓';
    score.resolution.evidence = [{ seq: 2, reason: 'says \\"thanks\\"\ttab' }];
    score.timing.replyTimesSeconds = [60, 1.5];
    score.timing.firstResponseSeconds = Number.NaN; // not a time: stored as null
    const flags = [{ reason: FLAG_REASONS[0], severity: 'low' as const, evidence: [{ seq: 2, reason: '{"json" \\ inside}' }] }];
    await saveScores(stack.database.sql, [{ target: { conversationId: id!, workspaceId: stored!.workspace_id, revision: 1 }, score, derived: { business: null, flags } }]);
    const row = await findLatestScores(stack.database.db, stored!.workspace_id, id!);
    expect(row!.intent).toBe(score.intent.intent);
    expect(row!.details.resolutionEvidence).toEqual(score.resolution.evidence);
    expect(row!.replyTimesSeconds).toEqual([60, 1.5]);
    expect(row!.firstResponseSeconds).toBeNull();
    expect(row!.flags).toEqual(flags);
    // real columns: single precision, about 7 digits.
    score.sentiment.messages.forEach((m, i) => expect(row!.messageSentiments[i]).toBeCloseTo(m.sentiment, 6));
    expect(row!.messageSentiments).toHaveLength(score.sentiment.messages.length);
    expect(row!.messageSentimentLabels).toEqual(score.sentiment.messages.map((m) => m.label));
    expect(row!.customerSentimentEnd).toBeCloseTo(score.sentiment.customer!.end, 6);
    expect(row!.firstResponseBusinessSeconds).toBeNull();
  });

  it('skips a conversation that no longer exists instead of retrying forever', async () => {
    const job = { id: 'gone', attemptsMade: 0, data: { workspaceId: '00000000-0000-4000-8000-000000000000', conversationId: '00000000-0000-4000-8000-000000000001', revision: 1 } };
    expect(await processor()(job as never)).toEqual({ outcome: 'skipped', reason: 'conversation_not_found' });
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Queue, Worker } from 'bullmq';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heapFlags } from '../../src/config/heap-limits';
import { openBackgroundLane } from '../../src/queue/background-lane';
import { createScoreQueue } from '../../src/queue/score-queue';
import { workerConnection } from '../../src/queue/connection';
import { SCORE_QUEUE } from '../../src/queue/score.config';
import { scorerVersion } from '../../src/scoring/version';
import { syntheticConversation } from '../../scripts/lib/synthetic';
import { testModels } from '../support/fixtures';
import { exited, killStrayWorkers, scoredCount, startWorker, stopWorker, waitUntil } from '../support/processes';
import { createTestStack, uniqueId, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(async () => {
  killStrayWorkers();
  await stack.close();
});

const examples = join(import.meta.dirname, '../../docs/examples/backfill');
const current = scorerVersion(testModels());
const env = () => ({ ...process.env, DATABASE_URL: stack.config.DATABASE_URL, REDIS_URL: stack.config.REDIS_URL, QUEUE_PREFIX: stack.config.QUEUE_PREFIX });
const cli = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, [...heapFlags('backfill'), '--import', 'tsx', script, ...args], { encoding: 'utf8', env: env(), timeout: 60_000 });

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await stack.database.db.execute<{ n: string }>(query);
  return Number(row!.n);
}

const conversationsOf = (workspace: string) =>
  count(sql`select count(*) as n from conversations c join workspaces w on w.id = c.workspace_id where w.slug = ${workspace}`);

describe('npm run backfill', () => {
  it('imports each documented format, writes rejects with their line, and queues scoring in the background lane', async () => {
    const tenant = await stack.tenant();
    const rejects = mkdtempSync(join(tmpdir(), 'parley-rejects-'));
    const expected = { 'parley.jsonl': 3, 'messages.csv': 2, 'chatwoot.jsonl': 3, 'zendesk.jsonl': 3, 'intercom.jsonl': 3 };
    let total = 0;
    for (const [file, conversations] of Object.entries(expected)) {
      const run = cli('scripts/backfill.ts', join(examples, file), '--workspace', tenant.slug, '--rejects', rejects);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toContain(`${conversations} created`);
      total += conversations;
      expect(await conversationsOf(tenant.slug)).toBe(total);
    }
    const chatwootRejects = readFileSync(join(rejects, 'chatwoot.jsonl.rejects.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const chatwootLines = readFileSync(join(examples, 'chatwoot.jsonl'), 'utf8').split('\n');
    const thirdLineAt = Buffer.byteLength(`${chatwootLines[0]}\n${chatwootLines[1]}\n`);
    expect(chatwootRejects).toEqual([{ file: join(examples, 'chatwoot.jsonl'), line: 3, offset: thirdLineAt, item: 2, reason: expect.stringContaining('without its messages') }]);
    // The original times are kept.
    const [first] = await stack.database.db.execute<{ started_at: string }>(
      sql`select started_at::text from conversations c join workspaces w on w.id = c.workspace_id where w.slug = ${tenant.slug} and external_id = '35436'`,
    );
    expect(first!.started_at).toBe('2024-11-04 09:02:11+00');

    const queue = new Queue(SCORE_QUEUE, { connection: stack.redis, prefix: stack.config.QUEUE_PREFIX });
    const batches = (await queue.getPrioritized()).filter((job) => job.data.workspaceId === tenant.id);
    expect(batches.reduce((n, job) => n + job.data.conversations.length, 0)).toBe(total);
    expect(batches.every((job) => job.name === 'score-batch' && job.opts.priority! > 0)).toBe(true);
    await queue.close();
  });

  it('tells the format of a pretty-printed export from its first object, and imports it', async () => {
    const tenant = await stack.tenant();
    const pages = readFileSync(join(examples, 'zendesk.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    const file = join(mkdtempSync(join(tmpdir(), 'parley-backfill-')), 'tickets.json');
    writeFileSync(file, JSON.stringify(pages, null, 2));
    const run = cli('scripts/backfill.ts', file, '--workspace', tenant.slug);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('3 created');
    expect(await count(sql`select count(*) as n from conversations c join workspaces w on w.id = c.workspace_id where w.slug = ${tenant.slug} and c.source = 'zendesk'`)).toBe(3);
  });

  it('killed midway resumes after its last batch; run again, it changes nothing; rescore and prune', async () => {
    const tenant = await stack.tenant();
    const total = 6_000;
    // A record breaking the contract every 1,000: each must be in the rejects exactly once after the kill.
    const lines = Array.from({ length: total }, (_, i) =>
      [JSON.stringify(syntheticConversation(i, total, 4)), ...(i % 1_000 === 999 ? [JSON.stringify({ externalId: `bad-${i}` })] : [])].join('\n'),
    ).join('\n');
    const file = join(mkdtempSync(join(tmpdir(), 'parley-backfill-')), 'history.jsonl.gz');
    writeFileSync(file, gzipSync(lines));

    const killed = spawn(process.execPath, [...heapFlags('backfill'), '--import', 'tsx', 'scripts/backfill.ts', file, '--workspace', tenant.slug], { env: env(), stdio: 'ignore' });
    await waitUntil('a first committed batch', 30_000, async () =>
      (await count(sql`select count(*) as n from backfill_checkpoints where workspace_id = ${tenant.id} and bytes_done > 0`)) > 0,
    );
    killed.kill('SIGKILL');
    await exited(killed);
    const before = await conversationsOf(tenant.slug);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(total);

    const resumed = cli('scripts/backfill.ts', file, '--workspace', tenant.slug);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resumed after line [\d,]+\)/);
    const rejects = readFileSync(`${file}.rejects.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number });
    expect(rejects.map((r) => r.line)).toEqual(Array.from({ length: total / 1_000 }, (_, k) => (k + 1) * 1_001));
    expect(await conversationsOf(tenant.slug)).toBe(total);
    expect(await count(sql`select sum(jsonb_array_length(t.messages)) as n from transcripts t join conversations c on c.id = t.conversation_id where c.workspace_id = ${tenant.id}`)).toBe(total * 4);
    expect(await count(sql`select count(*) as n from conversations where workspace_id = ${tenant.id} and revision <> 1`)).toBe(0);
    expect(await count(sql`select count(*) as n from score_outbox`)).toBe(0);

    const worker = startWorker(stack.config);
    try {
      await waitUntil('every conversation scored', 60_000, async () => (await scoredCount(stack.database.db, tenant.slug)) === total || false);
      const snapshot = () =>
        stack.database.db.execute(sql`
          select (select max(updated_at)::text from conversations where workspace_id = ${tenant.id}) as updated,
                 (select sum(revision) from conversations where workspace_id = ${tenant.id}) as revisions,
                 (select max(scored_at)::text from conversation_scores where workspace_id = ${tenant.id}) as scored,
                 (select count(*) from conversation_scores where workspace_id = ${tenant.id}) as scores`);
      const settled = await snapshot();

      const again = cli('scripts/backfill.ts', file, '--workspace', tenant.slug);
      expect(again.stderr).toContain('already imported');
      const restarted = cli('scripts/backfill.ts', file, '--workspace', tenant.slug, '--restart');
      expect(restarted.stderr).toContain(
        `0 created, 0 updated, ${total.toLocaleString('en')} unchanged, 6 rejected (see ${file}.rejects.jsonl); 0 queued for scoring`,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await snapshot()).toEqual(settled);

      await stack.database.db.execute(sql`
        update conversation_scores set scorer_version = '0.0.1+old' where conversation_id in (
          select id from conversations where workspace_id = ${tenant.id} order by id limit 25)`);
      const rescore = cli('scripts/rescore.ts', '--workspace', tenant.slug);
      expect(rescore.stdout).toContain('25 conversation(s) queued for re-scoring');
      await waitUntil('the re-scoring', 30_000, async () => (await count(sql`select count(*) as n from conversation_scores where workspace_id = ${tenant.id}`)) === total + 25 || false);
      // The old version's sweep is forgotten with its scores, so rolled back to, it sweeps again; the current one's is kept.
      await stack.database.db.execute(sql`
        insert into reconciler_sweeps (scorer_version, queue_epoch) values ('0.0.1+old', 'epoch'), (${current}, 'epoch')
        on conflict (scorer_version) do nothing`);
      // Failures recorded by the old version and by this one at a revision since left go; this one's at the current revision stays.
      await stack.database.db.execute(sql`
        insert into scoring_failures (conversation_id, scorer_version, workspace_id, revision, reason)
        select id, v.version, workspace_id, revision + v.behind, 'test'
        from (select id, workspace_id, revision, row_number() over (order by id) as k from conversations where workspace_id = ${tenant.id}) c
        join (values (1, '0.0.1+old', 0), (2, ${current}, -1), (3, ${current}, 0)) as v(k, version, behind) on v.k = c.k`);
      const prune = cli('scripts/rescore.ts', '--workspace', tenant.slug, '--prune');
      expect(prune.stdout).toContain('0 conversation(s) queued');
      expect(prune.stdout).toContain('25 score row(s) of older versions deleted');
      expect(prune.stdout).toContain('2 record(s) of failures to score deleted');
      const failures = await stack.database.db.execute(sql`select scorer_version, revision from scoring_failures where workspace_id = ${tenant.id}`);
      expect([...failures]).toEqual([{ scorer_version: current, revision: 1 }]);
      expect(prune.stdout).toMatch(/the reconciler's sweeps of (.+, )?0\.0\.1\+old(, .+)? forgotten/);
      expect(await count(sql`select count(*) as n from conversation_scores where workspace_id = ${tenant.id} and scorer_version = '0.0.1+old'`)).toBe(0);
      expect(await count(sql`select count(*) as n from reconciler_sweeps where scorer_version in ('0.0.1+old', ${current})`)).toBe(1);
      expect(await count(sql`select count(*) as n from reconciler_sweeps where scorer_version = ${current}`)).toBe(1);
      await stack.database.db.execute(sql`delete from reconciler_sweeps where scorer_version = ${current} and queue_epoch = 'epoch'`);
    } finally {
      await stopWorker(worker);
    }
  }, 180_000);

  it('carries on without Redis, keeping the scoring jobs in the outbox until a run can queue them', async () => {
    const tenant = await stack.tenant();
    const file = join(examples, 'parley.jsonl');
    const offline = spawnSync(process.execPath, [...heapFlags('backfill'), '--import', 'tsx', 'scripts/backfill.ts', file, '--workspace', tenant.slug], {
      encoding: 'utf8',
      env: { ...env(), REDIS_URL: 'redis://127.0.0.1:1' },
      timeout: 60_000,
    });
    expect(offline.status, offline.stderr).toBe(0);
    expect(offline.stderr).toContain('3 created');
    const pending = () => count(sql`select count(*) as n from score_outbox where job->>'workspaceId' = ${tenant.id}`);
    expect(await pending()).toBe(1);

    const online = cli('scripts/backfill.ts', file, '--workspace', tenant.slug);
    expect(online.stderr).toContain('already imported');
    expect(await pending()).toBe(0);
    const queue = new Queue(SCORE_QUEUE, { connection: stack.redis, prefix: stack.config.QUEUE_PREFIX });
    const queued = (await queue.getPrioritized()).filter((job) => job.data.workspaceId === tenant.id);
    expect(queued.reduce((n, job) => n + job.data.conversations.length, 0)).toBe(3);
    await queue.close();
  });

  it('refuses an unknown workspace or format without importing anything', async () => {
    const missing = cli('scripts/backfill.ts', join(examples, 'parley.jsonl'), '--workspace', uniqueId('nope'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/workspace "nope-[0-9a-f]+" does not exist/);
    const tenant = await stack.tenant();
    const format = cli('scripts/backfill.ts', join(examples, 'parley.jsonl'), '--workspace', tenant.slug, '--format', 'freshdesk');
    expect(format.stderr).toContain('unknown format "freshdesk"');
    expect(await conversationsOf(tenant.slug)).toBe(0);
  });
});

describe('the background lane', () => {
  it('lets a live conversation overtake backfill batches already queued', async () => {
    const prefix = uniqueId(stack.config.QUEUE_PREFIX);
    const connection = workerConnection(stack.config.REDIS_URL);
    const lane = openBackgroundLane(connection, prefix);
    const live = createScoreQueue(connection, prefix, (error) => {
      throw error;
    });
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    await lane.add([1, 2, 3].map((n) => ({ workspaceId: id(0), conversations: [{ id: id(n), revision: 1 }] })));
    expect(await live.enqueue([{ workspaceId: id(0), conversations: [{ id: id(9), revision: 1 }] }])).toBe(true);
    const order: string[] = [];
    const workerRedis = workerConnection(stack.config.REDIS_URL);
    const worker = new Worker(SCORE_QUEUE, async (job) => void order.push(job.data.conversations[0].id), { connection: workerRedis, prefix, concurrency: 1 });
    await waitUntil('all four jobs', 10_000, async () => order.length === 4 || false);
    await worker.close();
    await workerRedis.quit();
    expect(order).toEqual([id(9), id(1), id(2), id(3)]);
    await live.bull.obliterate({ force: true });
    await live.close();
    await lane.close();
    await connection.quit();
  });
});

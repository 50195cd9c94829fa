import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/db/client';
import { dropDatabase, ensureDatabase, runMigrations } from '../../src/db/migrate';
import { createGroupWriter } from '../../src/ingest/group-writer';
import { ingestConversations } from '../../src/ingest/ingest';
import { producerConnection } from '../../src/queue/connection';
import { openBackgroundLane } from '../../src/queue/background-lane';
import { createScoreQueue } from '../../src/queue/score-queue';
import type { ScoreBatchJob } from '../../src/queue/jobs';
import { SCORE_QUEUE } from '../../src/queue/score.config';
import { reconcileOnce } from '../../workers/reconciler';
import { DEFAULT_REDACTION } from '../../src/privacy/settings';
import { nextStale } from '../../src/db/queries/rescore';
import { ensureWorkspace } from '../../src/db/queries/workspaces';
import { conversationInput } from '../support/fixtures';
import { killStrayWorkers, scoredCount, startWorker, stopWorker, waitUntil } from '../support/processes';
import { testConfig, uniqueId } from '../support/stack';

// A database of its own: the reconciler scores every unscored conversation it can see, and the
// other test files share theirs.
let database: DbHandle;
let databaseUrl: string;
beforeAll(async () => {
  const url = new URL(testConfig().DATABASE_URL);
  url.pathname = `${url.pathname}_rec_${randomBytes(3).toString('hex')}`;
  databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  database = createDb(databaseUrl, { max: 2 });
});
afterAll(async () => {
  killStrayWorkers();
  await database.close();
  await dropDatabase(databaseUrl);
});

/** A workspace whose conversations are queued where no worker reads (as if Redis lost them), and a lane of its own for the reconciler. */
async function lostJobsSetting(name: string) {
  const config = testConfig({ DATABASE_URL: databaseUrl });
  const slug = uniqueId(name);
  const { id } = await ensureWorkspace(database.db, slug);
  const workspace = { id, slug, redaction: DEFAULT_REDACTION, pseudonymKey: 'k', timeZone: 'UTC' };
  const redis = producerConnection(config.REDIS_URL);
  await new Promise((resolve) => redis.once('ready', resolve));
  const lost = createScoreQueue(redis, uniqueId('lost'), () => {});
  const prefix = uniqueId(name);
  const lane = openBackgroundLane(redis, prefix);
  const writer = createGroupWriter(database, lost);
  return {
    redis,
    lane,
    epochKey: `${prefix}:${SCORE_QUEUE}:parley-epoch`,
    store: (ids: string[]) => ingestConversations({ writer }, workspace, ids.map((cid) => conversationInput(slug, { id: cid, lines: [['c', 0, 'my parcel is late']] })), (i) => `[${i}]`),
    async close() {
      for (const queue of [lane, lost]) {
        await queue.bull.obliterate({ force: true });
        await queue.close();
      }
      await redis.quit();
    },
  };
}

describe('the reconciler', () => {
  it('scores, exactly once, conversations whose jobs were lost, with two workers reconciling at once', async () => {
    const config = testConfig({ DATABASE_URL: databaseUrl });
    const slug = uniqueId('rec');
    const { id } = await ensureWorkspace(database.db, slug);
    const workspace = { id, slug, redaction: DEFAULT_REDACTION, pseudonymKey: 'k', timeZone: 'UTC' };
    // Stored and queued in a queue no worker will ever read: as if Redis lost it.
    const lostPrefix = uniqueId('lost');
    const redis = producerConnection(config.REDIS_URL);
    await new Promise((resolve) => redis.once('ready', resolve));
    const lost = createScoreQueue(redis, lostPrefix, () => {});
    const items = Array.from({ length: 450 }, (_, i) => conversationInput(slug, { id: `lost-${i}`, lines: [['c', 0, 'my parcel is late'], ['a', 60, 'Sorry! It ships today.']] }));
    const outcome = await ingestConversations({ writer: createGroupWriter(database, lost) }, workspace, items, (i) => `[${i}]`);
    expect(outcome.accepted).toBe(450);

    const env = { RECONCILE_INTERVAL_MS: '300', RECONCILE_GRACE_SECONDS: '0' };
    const workers = [startWorker(config, env), startWorker(config, env)];
    try {
      await waitUntil('every lost conversation scored', 60_000, async () => (await scoredCount(database.db, slug)) === 450 || false);
      const [rows] = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from conversation_scores where workspace_id = ${id}`);
      expect(rows!.n).toBe(450);
      expect(workers.some((w) => w.output.join('').includes('reconciler queued unscored conversations'))).toBe(true);
    } finally {
      for (const worker of workers) await stopWorker(worker);
      await lost.close();
      const cleanup = new Redis(config.REDIS_URL);
      for (const prefix of [lostPrefix, config.QUEUE_PREFIX]) {
        const keys = await cleanup.keys(`${prefix}:*`);
        if (keys.length) await cleanup.del(...keys);
      }
      await cleanup.quit();
      await redis.quit();
    }
  }, 90_000);

  it('searches every conversation only when jobs may be lost, the scorer version changed or the sweep interval passed', async () => {
    const setting = await lostJobsSetting('sweep');
    await setting.store(['sweep-0', 'sweep-1', 'sweep-2']);
    // A scorer version no conversation was scored with: every conversation of this file is unscored.
    const options = { graceSeconds: 0, sweepMs: 3_600_000, scorerVersion: uniqueId('version') };
    const round = async (overrides: Partial<typeof options> = {}) => {
      const result = await reconcileOnce(database, setting.lane, { ...options, ...overrides });
      await setting.lane.bull.drain(true); // else the next round sees a backlog and skips
      return result && { swept: result.swept, queued: result.queued > 0 };
    };
    try {
      expect(await round(), 'first round: no marker in Redis').toEqual({ swept: true, queued: true });
      expect(await round(), 'nothing has changed').toEqual({ swept: false, queued: false });
      await setting.redis.del(setting.epochKey);
      expect(await round(), 'Redis lost its data').toEqual({ swept: true, queued: true });
      expect(await round()).toEqual({ swept: false, queued: false });
      options.scorerVersion = uniqueId('version');
      expect(await round(), 'a new scorer version').toEqual({ swept: true, queued: true });
      expect(await round({ sweepMs: 0 }), 'the sweep interval passed').toEqual({ swept: true, queued: true });
      // A sweep lasts until the grace period after its trigger has passed: what was stored just
      // before Redis lost its data is checked too.
      await setting.redis.del(setting.epochKey);
      expect((await round({ graceSeconds: 1 }))?.swept).toBe(true);
      expect((await round({ graceSeconds: 1 }))?.swept, 'still within the grace period').toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await round({ graceSeconds: 1 }))?.swept, 'the sweep that ends it').toBe(true);
      expect((await round({ graceSeconds: 1 }))?.swept).toBe(false);
    } finally {
      await setting.close();
    }
  });

  it('goes on where the previous round stopped, so a sweep queues each conversation once while the workers catch up', async () => {
    const setting = await lostJobsSetting('pass');
    for (let chunk = 0; chunk < 5; chunk++) await setting.store(Array.from({ length: 500 }, (_, i) => `pass-${chunk}-${i}`));
    const [all] = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from conversations`);
    const options = { graceSeconds: 0, sweepMs: 3_600_000, scorerVersion: uniqueId('version') };
    // What each round queued, taken off the queue as the workers would.
    const round = async () => {
      await reconcileOnce(database, setting.lane, options);
      const jobs = await setting.lane.bull.getJobs(['prioritized', 'waiting']);
      await setting.lane.bull.drain(true);
      return jobs.flatMap((job) => (job.data as ScoreBatchJob).conversations.map((c) => c.id));
    };
    try {
      const first = await round();
      const second = await round();
      expect(first).toHaveLength(2_000);
      expect(second.length).toBe(all!.n - 2_000);
      expect(new Set([...first, ...second]).size, 'no conversation queued twice').toBe(all!.n);
      expect(await round(), 'the sweep is over').toEqual([]);
    } finally {
      await setting.close();
    }
  });

  it('keeps a sweep per scorer version, so old and new workers side by side during a deploy do not restart each other', async () => {
    const setting = await lostJobsSetting('side');
    await setting.store(Array.from({ length: 2_100 }, (_, i) => `side-${i}`));
    const [all] = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from conversations`);
    const versions = [uniqueId('old'), uniqueId('new')];
    const queued = new Map<string, string[]>(versions.map((v) => [v, []]));
    try {
      // Rounds alternate between the versions, as workers of both take the lock in turn.
      for (let turn = 0; turn < 6; turn++) {
        const scorerVersion = versions[turn % 2]!;
        await reconcileOnce(database, setting.lane, { graceSeconds: 0, sweepMs: 3_600_000, scorerVersion });
        const jobs = await setting.lane.bull.getJobs(['prioritized', 'waiting']);
        await setting.lane.bull.drain(true);
        queued.get(scorerVersion)!.push(...jobs.flatMap((job) => (job.data as ScoreBatchJob).conversations.map((c) => c.id)));
      }
      for (const version of versions) {
        const ids = queued.get(version)!;
        expect(ids.length, version).toBe(all!.n);
        expect(new Set(ids).size, `${version}: no conversation queued twice`).toBe(all!.n);
      }
    } finally {
      await setting.close();
    }
  });

  it('walks the conversations in id order a chunk at a time, each step after the last, missing none and repeating none', async () => {
    const [row] = await database.sql<{ ids: string[] }[]>`select coalesce(array_agg(id order by id), '{}') as ids from conversations`;
    const ids = row!.ids;
    expect(ids.length).toBeGreaterThan(1_000);
    const version = uniqueId('version'); // no conversation has a score of it
    const scope = { workspaceId: null, since: null, until: null, updatedBefore: new Date(Date.now() + 60_000) };
    // Steps that stop at the limit (limit < chunk), and steps that stop at the chunk's end (limit > chunk).
    for (const [limit, chunk] of [[200, 500], [700, 500]] as const) {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const step = await nextStale(database.sql, scope, version, after, limit, chunk);
        seen.push(...step.stale.map((s) => s.id));
        after = step.next;
      } while (after !== null);
      expect(seen).toEqual(ids);
    }
  });
});

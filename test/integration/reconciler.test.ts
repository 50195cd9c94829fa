import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/db/client';
import { dropDatabase, ensureDatabase, runMigrations } from '../../src/db/migrate';
import { createGroupWriter } from '../../src/ingest/group-writer';
import { ingestConversations } from '../../src/ingest/ingest';
import { producerConnection } from '../../src/queue/connection';
import { createScoreQueue } from '../../src/queue/score-queue';
import { DEFAULT_REDACTION } from '../../src/privacy/settings';
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
});

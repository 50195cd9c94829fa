import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { heapFlags } from '../../src/config/heap-limits';
import { freshBenchDatabase } from '../../scripts/lib/bench-support';
import { startPrivatePostgres, type PrivatePostgres } from '../../scripts/lib/private-services';
import { syntheticConversation } from '../../scripts/lib/synthetic';
import { connectPostgres } from '../../src/db/connect';
import { exited, waitUntil } from '../support/processes';
import { uniqueId } from '../support/stack';

// A Postgres of its own: this test stops it under the importer.
let pg: PrivatePostgres;
beforeAll(async () => {
  pg = await startPrivatePostgres();
}, 60_000);
afterAll(() => pg.destroy());

const CONVERSATIONS = 20_000;

describe('npm run backfill through a Postgres restart', () => {
  it('waits for Postgres, resumes after the last committed batch, and stores every conversation once', async () => {
    const url = pg.url('parley_import');
    await freshBenchDatabase(url, 'history');
    const file = join(mkdtempSync(join(tmpdir(), 'parley-outage-')), 'history.jsonl');
    const out = createWriteStream(file);
    for (let i = 0; i < CONVERSATIONS; i++) {
      if (!out.write(`${JSON.stringify({ ...syntheticConversation(i, CONVERSATIONS, 10), externalId: `history-${i}` })}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    const importer = spawn(process.execPath, [...heapFlags('backfill'), '--import', 'tsx', 'scripts/backfill.ts', file, '--workspace', 'history'], {
      env: { ...process.env, DATABASE_URL: url, REDIS_URL: inject('redisUrl'), QUEUE_PREFIX: uniqueId(inject('queuePrefix')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    importer.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    importer.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const stray = setTimeout(() => importer.kill('SIGKILL'), 150_000);

    const sql = connectPostgres(url, { max: 1, onnotice: () => {} });
    try {
      // Stopped once some batches are committed and many are still to come.
      const committed = async () => Number((await sql`select coalesce(sum(records_done), 0) as n from backfill_checkpoints`)[0]!.n);
      await waitUntil('the first batches to commit', 60_000, async () => (await committed()) >= 2_000);
      expect(await committed()).toBeLessThan(CONVERSATIONS);
      await pg.stop();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await pg.start();

      expect((await exited(importer)).code, output).toBe(0);
      expect(output).toContain('Postgres stopped answering; waiting for it');
      expect(output).toMatch(/resumed after line [\d,]+\)/);
      const [stored] = await sql`select count(*)::int as n, count(distinct external_id)::int as distinct_ids from conversations`;
      expect(stored).toEqual({ n: CONVERSATIONS, distinct_ids: CONVERSATIONS });
    } finally {
      clearTimeout(stray);
      importer.kill('SIGKILL');
      await sql.end({ timeout: 1 });
    }
  }, 180_000);
});

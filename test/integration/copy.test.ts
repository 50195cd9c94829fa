import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/db/client';
import { copyRows } from '../../src/db/copy';
import { testConfig } from '../support/stack';

let database: DbHandle;
beforeAll(() => {
  // One connection: were a failed COPY to leave it in a transaction, nothing after would run.
  database = createDb(testConfig().DATABASE_URL, { max: 1 });
});
afterAll(async () => {
  await database.close();
});

const stage = 'create temp table if not exists copy_probe (n integer primary key, label text not null) on commit delete rows';

describe('COPY of rows', () => {
  it('stores every row, whatever characters the text holds', async () => {
    const labels = ['tab\there', 'line\nbreak', 'back\\slash', 'quote " and \\N', 'ünïcödé ✓'];
    const stored = await database.sql.begin(async (tx) => {
      await tx.unsafe(stage);
      await copyRows(tx, 'copy_probe', ['n', 'label'], labels.map((label, n) => [n, label]));
      return tx<{ label: string }[]>`select label from copy_probe order by n`;
    });
    expect(stored.map((r) => r.label)).toEqual(labels);
  });

  it('fails, rather than hangs, when Postgres rejects the rows after all were sent, and rolls back', async () => {
    const copy = database.sql.begin(async (tx) => {
      await tx.unsafe(stage);
      await copyRows(tx, 'copy_probe', ['n', 'label'], [[1, 'one'], [1, 'the same key again']]);
    });
    await expect(copy).rejects.toThrow(/COPY into copy_probe failed/);
    // The connection came back out of the aborted transaction.
    const [row] = await database.sql<{ ok: number }[]>`select 1 as ok`;
    expect(row?.ok).toBe(1);
  });
});

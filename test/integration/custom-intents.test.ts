import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationScores } from '../../src/db/schema';
import { conversationInput } from '../support/fixtures';
import { scoreStored } from '../support/scoring';
import { createTenant, createTestStack, json, postJson, uniqueId, type Tenant, type TestStack } from '../support/stack';

let stack: TestStack;
const dir = mkdtempSync(join(tmpdir(), 'parley-intents-'));
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(async () => {
  await stack.close();
  rmSync(dir, { recursive: true, force: true });
});

const PHRASES: Record<string, string[]> = {
  roaming: ['does my plan work abroad', 'roaming charges in spain', 'can I use data in france', 'activate roaming', 'my phone does not work abroad', 'how much is roaming'],
  sim_card: ['my sim card is not recognised', 'I need a new sim', 'lost my sim card', 'sim says invalid', 'order a replacement sim', 'esim activation'],
  data_plan: ['buy more data', 'my data ran out', 'upgrade my data plan', 'how many gigabytes do I have left', 'extra data package', 'data allowance this month'],
};

async function scoreIn(tenant: Tenant, text: string) {
  const input = conversationInput(tenant.slug, { id: uniqueId('c'), lines: [['c', 0, text], ['a', 60, 'Let me check that for you.']] });
  const { id } = await json(await postJson(stack.app, '/v1/conversations', input, tenant.auth));
  await scoreStored(stack.database, id);
  const [score] = await stack.database.db.select().from(conversationScores).where(eq(conversationScores.conversationId, id));
  return score!;
}

describe('a workspace taxonomy trained with npm run train:intents', () => {
  it('is stored for the workspace and used by the worker there, and only there', async () => {
    const telco = await createTenant(stack.database.db, undefined, uniqueId('telco'));
    const file = join(dir, 'telco.jsonl');
    writeFileSync(
      file,
      Object.entries(PHRASES)
        .flatMap(([label, texts]) => texts.flatMap((text) => [text, `${text} please`, `hi, ${text}`].map((t) => JSON.stringify({ text: t, label }))))
        .join('\n'),
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/train-intents.ts', file, '--workspace', telco.slug, '--taxonomy', 'telco'], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: stack.config.DATABASE_URL },
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/54 examples, 3 labels; held-out accuracy/);

    const custom = await scoreIn(telco, 'I lost my sim card yesterday, can you send a new one?');
    expect(custom).toMatchObject({ intentTaxonomy: 'telco', intent: 'sim_card' });

    const offTopic = await scoreIn(telco, 'what is the weather tomorrow');
    expect(offTopic).toMatchObject({ intentTaxonomy: 'telco', intent: 'none' });

    const other = await scoreIn(await stack.tenant(), 'where is my order? it has not arrived');
    expect(other).toMatchObject({ intentTaxonomy: 'default', intent: 'order_status' });
  }, 90_000);

  it('refuses a file without at least two labels, naming the problem', () => {
    const file = join(dir, 'one.jsonl');
    writeFileSync(file, JSON.stringify({ text: 'hello', label: 'greet' }));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/train-intents.ts', file, '--workspace', 'acme'], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('needs at least two labels');
  });
});

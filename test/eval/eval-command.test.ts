import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The eval command on folders built for the test in a temporary directory (never in the
 * repository): a slice of the development data the shipped model trained on, and records it
 * never saw, in the layout of ../shared/eval.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeJsonl(path: string, rows: unknown[]) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

function runEval(data: string, ...extra: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', '--data', data, '--json', ...extra], { encoding: 'utf8', timeout: 120_000 });
  expect(run.status, run.stderr).toBe(0);
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}

describe('npm run eval', () => {
  it('cross-validates a file the shipped model trained on, and uses the model on unseen records', () => {
    const dev = readFileSync('../shared/eval/sentiment/en.umsab.dev.jsonl', 'utf8').trim().split('\n').slice(0, 300).map((l) => JSON.parse(l));
    writeJsonl(join(dir, 'seen/sentiment/en.slice.jsonl'), dev);
    const unseen = [
      ['Thank you so much, the support team was amazing!', 'positive'],
      ['This is the worst service I have ever had, terrible.', 'negative'],
      ['My order number is 5512 and it ships on Monday.', 'neutral'],
      ['I love it, great job', 'positive'],
      ['awful experience, very disappointed', 'negative'],
      ['The store opens at nine.', 'neutral'],
    ].map(([text, label], i) => ({ id: `parley-test-${i}`, language: 'en', text, label, source: 'parley-test' }));
    writeJsonl(join(dir, 'unseen/sentiment/en.handmade.jsonl'), unseen);

    const seen = runEval(join(dir, 'seen'))['sentiment/en.slice.jsonl'];
    expect(seen).toMatchObject({ task: 'sentiment', language: 'en', method: '5-fold cross-validation', n: 300 });
    expect(seen.macroF1).toBeGreaterThan(0.3);
    expect(seen.baselineMacroF1).toBeGreaterThan(0);

    const fresh = runEval(join(dir, 'unseen'))['sentiment/en.handmade.jsonl'];
    expect(fresh).toMatchObject({ method: 'shipped model', n: 6 });
    expect(fresh.accuracy).toBeGreaterThanOrEqual(5 / 6);
  }, 180_000);

  it('evaluates a custom intent taxonomy: an 80/20 split alone, or a test file against its training file', () => {
    const phrases: Record<string, string[]> = {
      track_order: ['where is my order', 'track my package', 'my parcel has not arrived', 'when will my order arrive', 'order status please', 'has my order shipped'],
      refund: ['i want my money back', 'refund please', 'how do i get a refund', 'return this and refund me', 'can i be refunded', 'money back for my order'],
      password: ['i forgot my password', 'reset my password', 'cannot log in to my account', 'login is not working', 'change my password', 'locked out of my account'],
    };
    const rows = Object.entries(phrases).flatMap(([label, texts]) =>
      texts.flatMap((text, i) => [0, 1, 2, 3].map((v) => ({ id: `${label}-${i}-${v}`, language: 'en', text: v ? `${text} ${['now', 'today', 'thanks'][v - 1]}` : text, label }))),
    );
    writeJsonl(join(dir, 'intents/intent/shop.train.jsonl'), rows);
    const split = runEval(join(dir, 'intents'))['intent/shop.train.jsonl'];
    expect(split).toMatchObject({ task: 'intent', method: 'fixed 80/20 split of the file' });
    expect(split.n + split.nTrain).toBe(rows.length);
    expect(split.accuracy).toBeGreaterThan(0.8);

    writeJsonl(join(dir, 'heldout/intent/shop.test.jsonl'), [
      { id: 't1', language: 'en', text: 'where is my parcel', label: 'track_order' },
      { id: 't2', language: 'en', text: 'please refund my money', label: 'refund' },
      { id: 't3', language: 'en', text: 'i forgot my login password', label: 'password' },
      { id: 't4', language: 'en', text: 'what is the capital of peru', label: 'oos' },
    ]);
    const heldOut = runEval(join(dir, 'heldout'), '--train-data', join(dir, 'intents'))['intent/shop.test.jsonl'];
    expect(heldOut).toMatchObject({ method: expect.stringContaining('trained on'), n: 4, nTrain: rows.length, accuracy: 1 });
    expect(heldOut.oosRecall).toBeDefined();
  }, 120_000);
});


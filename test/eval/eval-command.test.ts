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

function runEval(data: string) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', '--data', data, '--json'], { encoding: 'utf8', timeout: 120_000 });
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
});

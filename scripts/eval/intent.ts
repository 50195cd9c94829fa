import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { foldOf } from '../../src/eval/folds';
import { predictIntent, toIntentModel } from '../../src/scoring/intent/model';
import { NONE_LABELS, trainIntentModel, type IntentExample } from '../../src/training/intent';
import { readJsonl } from './read';

const SPLIT_FOLDS = 5; // the fixed 80/20 split: fold 0 of 5 by id hash is the test part

/** NAME.test.jsonl: trained on the development NAME.train.jsonl. NAME.train.jsonl alone: a fixed 80/20 split. */
export function intentPlan(path: string, trainingDataDir: string) {
  const file = basename(path);
  const name = file.replace(/\.(test|train)\.jsonl$/, '');
  if (file.endsWith('.test.jsonl')) {
    const trainPath = join(trainingDataDir, 'intent', `${name}.train.jsonl`);
    if (!existsSync(trainPath)) throw new Error(`${path}: no ${trainPath} to train on`);
    const test = readJsonl<IntentExample>(path);
    return { name, method: `trained on ${trainPath}`, train: readJsonl<IntentExample>(trainPath), test };
  }
  if (existsSync(join(dirname(path), `${name}.test.jsonl`))) return null; // its test file is evaluated instead
  const all = readJsonl<IntentExample>(path);
  return {
    name,
    method: 'fixed 80/20 split of the file',
    train: all.filter((r) => foldOf(r.id, SPLIT_FOLDS) !== 0),
    test: all.filter((r) => foldOf(r.id, SPLIT_FOLDS) === 0),
  };
}

export function evaluateIntent(path: string, trainingDataDir: string) {
  const plan = intentPlan(path, trainingDataDir);
  if (!plan) return null;
  const started = performance.now();
  const model = toIntentModel(trainIntentModel(plan.name, plan.train));
  const trainSeconds = (performance.now() - started) / 1000;
  const none = new Set(NONE_LABELS);
  const predicted = plan.test.map((r) => predictIntent(model, r.text));
  const inScope = plan.test.map((r, i) => [r, predicted[i]!] as const).filter(([r]) => !none.has(r.label));
  const outOfScope = plan.test.map((r, i) => [r, predicted[i]!] as const).filter(([r]) => none.has(r.label));
  return {
    task: 'intent',
    method: plan.method,
    n: plan.test.length,
    nTrain: plan.train.length,
    accuracy: inScope.filter(([r, p]) => !p.none && r.label === p.intent).length / inScope.length,
    ...(outOfScope.length ? { oosRecall: outOfScope.filter(([, p]) => p.none).length / outOfScope.length } : {}),
    trainSeconds,
  };
}

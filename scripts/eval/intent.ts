import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { intentScores, splitEightyTwenty } from '../../src/eval/intents';
import { toIntentModel } from '../../src/scoring/intent/model';
import { trainIntentModel, type IntentExample } from '../../src/training/intent';
import { readJsonl } from './read';

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
  return { name, method: 'fixed 80/20 split of the file', ...splitEightyTwenty(readJsonl<IntentExample>(path)) };
}

export function evaluateIntent(path: string, trainingDataDir: string) {
  const plan = intentPlan(path, trainingDataDir);
  if (!plan) return null;
  const started = performance.now();
  const model = toIntentModel(trainIntentModel(plan.name, plan.train));
  const trainSeconds = (performance.now() - started) / 1000;
  return {
    task: 'intent',
    method: plan.method,
    n: plan.test.length,
    nTrain: plan.train.length,
    ...intentScores(model, plan.test),
    trainSeconds,
  };
}

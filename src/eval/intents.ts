import { predictIntent, type IntentModel } from '../scoring/intent/model';
import { NONE_LABELS, type IntentExample } from '../training/intent';
import { foldOf } from './folds';

const SPLIT_FOLDS = 5;

/** The fixed 80/20 split: fold 0 of 5 by id hash is the test part, the same on every run. */
export function splitEightyTwenty<T extends { id: string }>(examples: readonly T[]): { train: T[]; test: T[] } {
  return {
    train: examples.filter((e) => foldOf(e.id, SPLIT_FOLDS) !== 0),
    test: examples.filter((e) => foldOf(e.id, SPLIT_FOLDS) === 0),
  };
}

/**
 * Accuracy over in-scope test messages (a "none of these" answer to one counts as wrong) and,
 * when the test set has none-labelled messages, the share of them answered "none of these".
 */
export function intentScores(model: IntentModel, test: readonly IntentExample[]): { accuracy: number; oosRecall?: number } {
  const none = new Set(NONE_LABELS);
  const predicted = test.map((e) => predictIntent(model, e.text));
  const inScope = test.flatMap((e, i) => (none.has(e.label) ? [] : [!predicted[i]!.none && predicted[i]!.intent === e.label]));
  const outOfScope = test.flatMap((e, i) => (none.has(e.label) ? [predicted[i]!.none] : []));
  const share = (hits: boolean[]) => hits.filter(Boolean).length / hits.length;
  return { accuracy: share(inScope), ...(outOfScope.length ? { oosRecall: share(outOfScope) } : {}) };
}

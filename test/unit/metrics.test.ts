import { describe, expect, it } from 'vitest';
import { crossValidate, foldOf } from '../../src/eval/folds';
import { accuracy, auc, binaryScores, macroF1, ranks, spearman } from '../../src/eval/metrics';

describe('metrics', () => {
  const gold = ['pos', 'pos', 'neg', 'neu', 'neg', 'pos'];
  const pred = ['pos', 'neg', 'neg', 'neu', 'pos', 'pos'];

  it('accuracy and per-class scores', () => {
    expect(accuracy(gold, pred)).toBeCloseTo(4 / 6);
    expect(binaryScores(gold, pred, 'pos')).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: 2 / 3 });
    expect(binaryScores(gold, pred, 'neu').f1).toBe(1);
  });

  it('macro-F1 averages every class, including one never predicted', () => {
    expect(macroF1(gold, pred, ['pos', 'neg', 'neu'])).toBeCloseTo((2 / 3 + 0.5 + 1) / 3);
    expect(macroF1(['a', 'b'], ['a', 'a'], ['a', 'b'])).toBeCloseTo((2 / 3 + 0) / 2);
  });

  it('ranks share ties; Spearman matches a hand-computed value', () => {
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8208, 4);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1);
  });

  it('AUC is the chance a positive outscores a negative, ties counting half', () => {
    expect(auc([0.9, 0.8, 0.3, 0.1], [true, true, false, false])).toBe(1);
    expect(auc([0.9, 0.8, 0.3, 0.1], [false, false, true, true])).toBe(0);
    expect(auc([0.5, 0.5], [true, false])).toBe(0.5);
    expect(auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
  });
});

describe('cross-validation folds', () => {
  it('are decided by the id alone and never predict a record with a model that saw it', () => {
    expect(foldOf('abc', 5)).toBe(foldOf('abc', 5));
    const records = Array.from({ length: 50 }, (_, i) => ({ id: `r${i}` }));
    const predictions = crossValidate(records, 5, (training) => {
      const seen = new Set(training.map((r) => r.id));
      return (r) => seen.has(r.id);
    });
    expect(predictions.every((sawIt) => sawIt === false)).toBe(true);
  });
});

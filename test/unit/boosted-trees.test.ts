import { describe, expect, it } from 'vitest';
import { explainTrees, type TreeNode } from '../../src/scoring/satisfaction/trees';
import { fitBoostedTrees } from '../../src/training/boosted-trees';

const OPTIONS = { rounds: 100, learningRate: 0.1, depth: 2, minLeaf: 5, thresholds: 16 };
// y steps up where x1 passes 0.5, more so when x2 is high: a threshold and an interaction. x0 is y
// itself, and first, so it would win every tie, but it is excluded.
const rows = Array.from({ length: 200 }, (_, i) => [0, (i % 20) / 20, Math.floor(i / 20) / 10]);
const targets = rows.map(([, x1, x2]) => 2 + (x1! > 0.5 ? 1 + (x2! > 0.5 ? 1 : 0) : 0));
rows.forEach((r, i) => (r[0] = targets[i]!));

const splitFeatures = (node: TreeNode): number[] => (node.f === undefined ? [] : [node.f, ...splitFeatures(node.l!), ...splitFeatures(node.r!)]);

describe('boosted regression trees', () => {
  const model = fitBoostedTrees(rows, targets, OPTIONS, new Set([0]));

  it('learns a threshold and an interaction, never splitting on an excluded feature', () => {
    const predict = (x: number[]) => explainTrees(model, x).prediction;
    expect(predict([0, 0.2, 0.8])).toBeCloseTo(2, 1);
    expect(predict([0, 0.8, 0.2])).toBeCloseTo(3, 1);
    expect(predict([0, 0.8, 0.8])).toBeCloseTo(4, 1);
    expect(new Set(model.trees.flatMap(splitFeatures))).toEqual(new Set([1, 2]));
  });

  it('explains a prediction exactly: the baseline plus every feature’s contribution', () => {
    const { baseline, prediction, contributions } = explainTrees(model, [0, 0.8, 0.8]);
    expect(baseline + contributions.reduce((a, b) => a + b, 0)).toBeCloseTo(prediction, 9);
    expect(contributions[1]).toBeGreaterThan(0.5);
    expect(contributions[0]).toBe(0);
  });

  it('is deterministic', () => {
    expect(fitBoostedTrees(rows, targets, OPTIONS, new Set([0]))).toEqual(model);
  });
});

import { describe, expect, it } from 'vitest';
import { explainTrees, type BoostedTrees, type TreeNode } from '../../src/scoring/satisfaction/trees';
import { fitBoostedTrees } from '../../src/training/boosted-trees';

const OPTIONS = { rounds: 100, learningRate: 0.1, depth: 2, minLeaf: 5, thresholds: 16 };
// y steps up where x1 passes 0.5, more so when x2 is high: a threshold and an interaction. x0 is y
// itself, and first, so it would win every tie, but it is excluded.
const rows = Array.from({ length: 200 }, (_, i) => [0, (i % 20) / 20, Math.floor(i / 20) / 10]);
const targets = rows.map(([, x1, x2]) => 2 + (x1! > 0.5 ? 1 + (x2! > 0.5 ? 1 : 0) : 0));
rows.forEach((r, i) => (r[0] = targets[i]!));

const splitFeatures = (node: TreeNode): number[] => (node.f === undefined ? [] : [node.f, ...splitFeatures(node.l!), ...splitFeatures(node.r!)]);

const COLUMNS = { excluded: new Set([0]), directions: new Map<number, 1 | -1>() };

describe('boosted regression trees', () => {
  const model = fitBoostedTrees(rows, targets, OPTIONS, COLUMNS);

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
    expect(fitBoostedTrees(rows, targets, OPTIONS, COLUMNS)).toEqual(model);
  });

  it('keeps the prediction rising or falling with a constrained column, whatever the others', () => {
    // y rises steeply with x0 where x1 is low, and falls gently with it from a higher level where x1
    // is high: rising overall, so a first split on x0 has a lower left side, but within high x1 the
    // left side's leaf would lie above the right side's unless each side is bounded by their midpoint.
    const grid = Array.from({ length: 20 }, (_, i) => i / 19);
    const data = grid.flatMap((x0) => grid.map((x1) => [x0, x1]));
    const y = data.map(([x0, x1]) => (x1! < 0.5 ? 2 * x0! : 1 - 0.3 * x0!));
    // Each step up x0 at every x1, for trees that read x0 as `sign * x0`.
    const steps = (trees: BoostedTrees, sign: number) =>
      grid.flatMap((x1) => grid.slice(1).map((x0, i) => explainTrees(trees, [sign * x0, x1]).prediction - explainTrees(trees, [sign * grid[i]!, x1]).prediction));
    const free = fitBoostedTrees(data, y, OPTIONS, { excluded: new Set(), directions: new Map() });
    expect(Math.min(...steps(free, 1))).toBeLessThan(-0.05);
    for (const direction of [1, -1] as const) {
      // For a falling constraint, the same data with x0 mirrored: y falls as -x0 rises.
      const mirrored = data.map(([x0, x1]) => [direction * x0!, x1!]);
      const constrained = fitBoostedTrees(mirrored, y, OPTIONS, { excluded: new Set(), directions: new Map([[0, direction]]) });
      expect(Math.min(...steps(constrained, direction))).toBeGreaterThanOrEqual(-1e-9);
      // Still a fit, not a constant: where x1 is low it rises with x0 by most of the 2 it does.
      const at = (x0: number) => explainTrees(constrained, [direction * x0, 0]).prediction;
      expect(at(1) - at(0)).toBeGreaterThan(1.2);
    }
  });
});

import type { BoostedTrees, TreeNode } from '../scoring/satisfaction/trees';

export interface BoostedTreeOptions {
  rounds: number;
  learningRate: number;
  /** Splits from the root to a leaf. */
  depth: number;
  /** Fewest training rows a leaf may hold. */
  minLeaf: number;
  /** Split points a feature is tried at: its quantiles. */
  thresholds: number;
}

const round = (v: number) => Number(v.toPrecision(6));

/** A feature's candidate split points: `count - 1` quantiles of its distinct values. */
function splitPoints(values: number[], count: number): number[] {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  const points = new Set<number>();
  for (let k = 1; k < count; k++) points.add(distinct[Math.floor((k / count) * (distinct.length - 1))]!);
  return [...points].sort((a, b) => a - b);
}

/**
 * Gradient-boosted regression trees on squared error: each round fits a tree of at most `depth`
 * splits to what the rounds before left unexplained. A split is chosen from each feature's
 * quantiles by the drop in squared error it gives, from histograms of the node's rows, so a
 * round costs rows × features. Columns in `excluded` are never split on. Deterministic.
 */
export function fitBoostedTrees(rows: readonly number[][], targets: readonly number[], options: BoostedTreeOptions, excluded: ReadonlySet<number>): BoostedTrees {
  const features = Array.from({ length: rows[0]?.length ?? 0 }, (_, f) => f).filter((f) => !excluded.has(f));
  const points = new Map(features.map((f) => [f, splitPoints(rows.map((r) => r[f]!), options.thresholds)]));
  // bins.get(f)[i]: how many of f's split points lie below row i's value; "x <= points[k]" is "bin <= k".
  const bins = new Map(features.map((f) => [f, rows.map((r) => points.get(f)!.filter((p) => p < r[f]!).length)]));
  const base = targets.reduce((a, b) => a + b, 0) / targets.length;
  const fitted = targets.map(() => base);
  const trees: TreeNode[] = [];

  function grow(rowsHere: number[], residual: number[], depth: number): TreeNode {
    const total = rowsHere.reduce((s, i) => s + residual[i]!, 0);
    const node: TreeNode = { v: total / rowsHere.length };
    if (depth === 0 || rowsHere.length < 2 * options.minLeaf) return node;
    let best = { gain: 0, feature: -1, point: 0 };
    for (const f of features) {
      const fPoints = points.get(f)!;
      const sums = new Array<number>(fPoints.length + 1).fill(0);
      const counts = new Array<number>(fPoints.length + 1).fill(0);
      const fBins = bins.get(f)!;
      for (const i of rowsHere) {
        sums[fBins[i]!]! += residual[i]!;
        counts[fBins[i]!]!++;
      }
      let sumBelow = 0;
      let countBelow = 0;
      fPoints.forEach((_, k) => {
        sumBelow += sums[k]!;
        countBelow += counts[k]!;
        const countAbove = rowsHere.length - countBelow;
        if (countBelow < options.minLeaf || countAbove < options.minLeaf) return;
        const gain = (sumBelow * sumBelow) / countBelow + ((total - sumBelow) * (total - sumBelow)) / countAbove - (total * total) / rowsHere.length;
        if (gain > best.gain + 1e-12) best = { gain, feature: f, point: k };
      });
    }
    if (best.feature < 0) return node;
    const fBins = bins.get(best.feature)!;
    node.f = best.feature;
    node.t = points.get(best.feature)![best.point]!;
    node.l = grow(rowsHere.filter((i) => fBins[i]! <= best.point), residual, depth - 1);
    node.r = grow(rowsHere.filter((i) => fBins[i]! > best.point), residual, depth - 1);
    return node;
  }

  const all = rows.map((_, i) => i);
  for (let round = 0; round < options.rounds; round++) {
    const residual = targets.map((y, i) => y - fitted[i]!);
    const tree = grow(all, residual, options.depth);
    trees.push(tree);
    all.forEach((i) => (fitted[i]! += options.learningRate * leafValue(tree, rows[i]!)));
  }
  const rounded = (n: TreeNode): TreeNode =>
    n.f === undefined ? { v: round(n.v) } : { v: round(n.v), f: n.f, t: n.t, l: rounded(n.l!), r: rounded(n.r!) };
  return { base: round(base), learningRate: options.learningRate, trees: trees.map(rounded) };
}

function leafValue(node: TreeNode, x: readonly number[]): number {
  let at = node;
  while (at.f !== undefined) at = x[at.f]! <= at.t! ? at.l! : at.r!;
  return at.v;
}

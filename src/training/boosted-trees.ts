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

/** What the trees may do with each column. */
export interface ColumnRules {
  /** Never split on. */
  excluded: ReadonlySet<number>;
  /**
   * The prediction may only rise (1) or only fall (-1) as the column rises, everything else equal.
   * Splits that would break the order are not taken, and below a split on such a column each side's
   * values are bounded by the midpoint of the two (LightGBM's basic monotone constraints), so the
   * order holds in every tree and so in their sum.
   */
  directions: ReadonlyMap<number, 1 | -1>;
}

/**
 * Gradient-boosted regression trees on squared error: each round fits a tree of at most `depth`
 * splits to what the rounds before left unexplained. A split is chosen from each feature's
 * quantiles by the drop in squared error it gives, from histograms of the node's rows, so a
 * round costs rows × features. Deterministic.
 */
export function fitBoostedTrees(rows: readonly number[][], targets: readonly number[], options: BoostedTreeOptions, columns: ColumnRules): BoostedTrees {
  const { excluded, directions } = columns;
  const features = Array.from({ length: rows[0]?.length ?? 0 }, (_, f) => f).filter((f) => !excluded.has(f));
  const points = new Map(features.map((f) => [f, splitPoints(rows.map((r) => r[f]!), options.thresholds)]));
  // bins.get(f)[i]: how many of f's split points lie below row i's value; "x <= points[k]" is "bin <= k".
  const bins = new Map(features.map((f) => [f, rows.map((r) => points.get(f)!.filter((p) => p < r[f]!).length)]));
  const base = targets.reduce((a, b) => a + b, 0) / targets.length;
  const fitted = targets.map(() => base);
  const trees: TreeNode[] = [];

  // A node's value is its rows' mean residual held within [lower, upper]; the gain of a value v
  // over rows summing to S is the squared error it removes against predicting 0: 2vS - nv^2.
  const clamp = (v: number, lower: number, upper: number) => Math.min(upper, Math.max(lower, v));
  const gainOf = (sum: number, count: number, lower: number, upper: number) => {
    const v = clamp(sum / count, lower, upper);
    return 2 * v * sum - count * v * v;
  };

  function grow(rowsHere: number[], residual: number[], depth: number, lower: number, upper: number): TreeNode {
    const total = rowsHere.reduce((s, i) => s + residual[i]!, 0);
    const node: TreeNode = { v: clamp(total / rowsHere.length, lower, upper) };
    if (depth === 0 || rowsHere.length < 2 * options.minLeaf) return node;
    const parentGain = gainOf(total, rowsHere.length, lower, upper);
    let best = { gain: 0, feature: -1, point: 0, left: 0, right: 0 };
    for (const f of features) {
      const fPoints = points.get(f)!;
      const direction = directions.get(f) ?? 0;
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
        const left = clamp(sumBelow / countBelow, lower, upper);
        const right = clamp((total - sumBelow) / countAbove, lower, upper);
        if (direction * (right - left) < 0) return;
        const gain = gainOf(sumBelow, countBelow, lower, upper) + gainOf(total - sumBelow, countAbove, lower, upper) - parentGain;
        if (gain > best.gain + 1e-12) best = { gain, feature: f, point: k, left, right };
      });
    }
    if (best.feature < 0) return node;
    const fBins = bins.get(best.feature)!;
    const direction = directions.get(best.feature) ?? 0;
    const mid = (best.left + best.right) / 2;
    const [leftBounds, rightBounds] =
      direction === 1 ? [[lower, mid], [mid, upper]] : direction === -1 ? [[mid, upper], [lower, mid]] : [[lower, upper], [lower, upper]];
    node.f = best.feature;
    node.t = points.get(best.feature)![best.point]!;
    node.l = grow(rowsHere.filter((i) => fBins[i]! <= best.point), residual, depth - 1, leftBounds[0]!, leftBounds[1]!);
    node.r = grow(rowsHere.filter((i) => fBins[i]! > best.point), residual, depth - 1, rightBounds[0]!, rightBounds[1]!);
    return node;
  }

  const all = rows.map((_, i) => i);
  for (let round = 0; round < options.rounds; round++) {
    const residual = targets.map((y, i) => y - fitted[i]!);
    const tree = grow(all, residual, options.depth, -Infinity, Infinity);
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

/**
 * A node of a regression tree: `v` is the mean of what its training rows left unexplained; an
 * inner node sends x to `l` when x[f] <= t, else to `r`.
 */
export interface TreeNode {
  v: number;
  f?: number;
  t?: number;
  l?: TreeNode;
  r?: TreeNode;
}

/** Boosted regression trees: a prediction is `base` plus `learningRate` times each tree's leaf. */
export interface BoostedTrees {
  base: number;
  learningRate: number;
  trees: TreeNode[];
}

/**
 * The prediction for x, split into a baseline (what every conversation starts from: `base` plus
 * each root's value) and one contribution a feature: each split on x's path moves the prediction
 * from the node's value to the child's, and that move is credited to the split's feature. So the
 * baseline plus every contribution is the prediction exactly.
 */
export function explainTrees(model: BoostedTrees, x: readonly number[]): { baseline: number; prediction: number; contributions: number[] } {
  const contributions = x.map(() => 0);
  let baseline = model.base;
  let prediction = model.base;
  for (const root of model.trees) {
    baseline += model.learningRate * root.v;
    let at = root;
    while (at.f !== undefined) {
      const next = x[at.f]! <= at.t! ? at.l! : at.r!;
      contributions[at.f]! += model.learningRate * (next.v - at.v);
      at = next;
    }
    prediction += model.learningRate * at.v;
  }
  return { baseline, prediction, contributions };
}

/** Evaluation metrics, written out so their exact definitions are visible and tested. */

export function accuracy<T>(gold: readonly T[], predicted: readonly T[]): number {
  if (gold.length === 0) return Number.NaN;
  let hits = 0;
  gold.forEach((g, i) => (hits += g === predicted[i] ? 1 : 0));
  return hits / gold.length;
}

export interface BinaryScores {
  precision: number;
  recall: number;
  f1: number;
}

/** Precision, recall and F1 of one class; 0 where a denominator is empty (scikit-learn's zero_division=0). */
export function binaryScores<T>(gold: readonly T[], predicted: readonly T[], positive: T): BinaryScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((g, i) => {
    const p = predicted[i];
    if (p === positive && g === positive) tp++;
    else if (p === positive) fp++;
    else if (g === positive) fn++;
  });
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Unweighted mean of the per-class F1 over `classes` (all classes count, even if never predicted). */
export function macroF1<T>(gold: readonly T[], predicted: readonly T[], classes: readonly T[]): number {
  return classes.reduce((sum, c) => sum + binaryScores(gold, predicted, c).f1, 0) / classes.length;
}

/** 1-based ranks, ties sharing their mean rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]![1]] = rank;
    i = j + 1;
  }
  return out;
}

function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rho: Pearson correlation of the tie-averaged ranks. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(ranks(x), ranks(y));
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative,
 * ties counting one half (the Mann-Whitney U statistic over n+ x n-).
 */
export function auc(scores: readonly number[], positive: readonly boolean[]): number {
  const r = ranks(scores);
  let rankSum = 0;
  let nPos = 0;
  positive.forEach((p, i) => {
    if (p) {
      rankSum += r[i]!;
      nPos++;
    }
  });
  const nNeg = scores.length - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

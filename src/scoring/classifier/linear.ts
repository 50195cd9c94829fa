/** A multinomial logistic regression over sparse binary features and a few dense ones. */
export interface LinearModelData {
  classes: string[];
  bias: number[];
  /** dense[j][c]: weight of dense feature j for class c. */
  dense: number[][];
  /** Per-class weights of each sparse feature kept after training. */
  sparse: Record<string, number[]>;
}

export interface LinearModel {
  readonly classes: readonly string[];
  readonly bias: Float64Array;
  readonly dense: readonly Float64Array[];
  readonly sparse: ReadonlyMap<string, Float64Array>;
}

export function toLinearModel(data: LinearModelData): LinearModel {
  return Object.freeze({
    classes: Object.freeze([...data.classes]),
    bias: Float64Array.from(data.bias),
    dense: data.dense.map((w) => Float64Array.from(w)),
    sparse: new Map(Object.entries(data.sparse).map(([feature, w]) => [feature, Float64Array.from(w)])),
  });
}

export function softmaxInPlace(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    logits[c] = Math.exp(logits[c]! - max);
    sum += logits[c]!;
  }
  for (let c = 0; c < logits.length; c++) logits[c]! /= sum;
  return logits;
}

/**
 * Each distinct sparse feature is present or not, and the sparse vector is L2-normalised (every
 * present feature worth 1/sqrt(n)), so a long message's many n-grams do not drown the dense features.
 */
export function sparseScale(distinctFeatures: number): number {
  return distinctFeatures === 0 ? 0 : 1 / Math.sqrt(distinctFeatures);
}

export function predictProbabilities(model: LinearModel, sparse: readonly string[], dense: readonly number[]): Float64Array {
  const logits = Float64Array.from(model.bias);
  const distinct = new Set(sparse);
  const scale = sparseScale(distinct.size);
  for (const feature of distinct) {
    const w = model.sparse.get(feature);
    if (w) for (let c = 0; c < logits.length; c++) logits[c]! += w[c]! * scale;
  }
  dense.forEach((x, j) => {
    const w = model.dense[j]!;
    for (let c = 0; c < logits.length; c++) logits[c]! += w[c]! * x;
  });
  return softmaxInPlace(logits);
}

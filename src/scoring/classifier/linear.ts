import { FeatureTable } from './feature-table';

/**
 * A multinomial logistic regression over sparse binary features (32-bit feature hashes) and a few
 * dense ones.
 */
export interface LinearModelData {
  classes: string[];
  bias: number[];
  /** dense[j][c]: weight of dense feature j for class c. */
  dense: number[][];
  /** Per-class weights of each sparse feature kept after training, keyed by the feature hash. */
  sparse: Record<string, number[]>;
}

export interface LinearModel {
  readonly classes: readonly string[];
  readonly bias: Float64Array;
  readonly dense: readonly Float64Array[];
  /** Feature hash -> row in `weights` (row r holds classes.length weights from r * classes.length). */
  readonly rows: FeatureTable;
  readonly weights: Float64Array;
}

export function toLinearModel(data: LinearModelData): LinearModel {
  const k = data.classes.length;
  const entries = Object.entries(data.sparse);
  const weights = new Float64Array(entries.length * k);
  entries.forEach(([, w], row) => weights.set(w, row * k));
  const rows = new FeatureTable(entries.map(([hash]) => Number(hash)));
  return Object.freeze({
    classes: Object.freeze([...data.classes]),
    bias: Float64Array.from(data.bias),
    dense: data.dense.map((w) => Float64Array.from(w)),
    rows,
    weights,
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

/**
 * A reusable set of 32-bit values, emptied in O(1) by bumping a generation stamp: deduplicating a
 * message's few hundred feature hashes allocates nothing and sorts nothing.
 */
class ScratchSet {
  private keys = new Uint32Array(1024);
  private stamps = new Uint32Array(1024);
  private generation = 0;

  /** Empties the set, sized for at most `size` values. */
  reset(size: number): void {
    if (size * 2 > this.keys.length) {
      let capacity = this.keys.length;
      while (capacity < size * 2) capacity *= 2;
      this.keys = new Uint32Array(capacity);
      this.stamps = new Uint32Array(capacity);
      this.generation = 0;
    }
    if (++this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  /** Adds `value`; false when it was there already. */
  add(value: number): boolean {
    const mask = this.keys.length - 1;
    let i = value & mask;
    while (this.stamps[i] === this.generation) {
      if (this.keys[i] === value) return false;
      i = (i + 1) & mask;
    }
    this.stamps[i] = this.generation;
    this.keys[i] = value;
    return true;
  }
}

const scratch = new ScratchSet();

/** The distinct values, in first-seen order. */
export function distinct(values: readonly number[]): number[] {
  return firstOccurrences(values).map((i) => values[i]!);
}

/** The index of each distinct value's first occurrence, in order. */
export function firstOccurrences(values: readonly number[]): number[] {
  scratch.reset(values.length);
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (scratch.add(values[i]!)) out.push(i);
  return out;
}

// The rows of a message's features found in the model, reused from call to call.
let foundRows = new Int32Array(1024);

export function predictProbabilities(model: LinearModel, sparse: readonly number[], dense: readonly number[]): Float64Array {
  const k = model.classes.length;
  const logits = model.bias.slice(); // Float64Array.from would walk the iterator protocol
  if (foundRows.length < sparse.length) foundRows = new Int32Array(sparse.length * 2);
  scratch.reset(sparse.length);
  let distinctCount = 0;
  let found = 0;
  for (let f = 0; f < sparse.length; f++) {
    const hash = sparse[f]!;
    if (!scratch.add(hash)) continue;
    distinctCount++;
    const row = model.rows.get(hash);
    if (row !== -1) foundRows[found++] = row * k;
  }
  // Class by class, summing in a local: each logit adds the same terms in the same order as
  // feature by feature would, so the result is the same to the bit, without a store per term.
  const scale = sparseScale(distinctCount);
  const weights = model.weights;
  for (let c = 0; c < k; c++) {
    let logit = logits[c]!;
    for (let f = 0; f < found; f++) logit += weights[foundRows[f]! + c]! * scale;
    logits[c] = logit;
  }
  for (let j = 0; j < dense.length; j++) {
    const w = model.dense[j]!;
    for (let c = 0; c < k; c++) logits[c]! += w[c]! * dense[j]!;
  }
  return softmaxInPlace(logits);
}

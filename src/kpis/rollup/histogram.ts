/**
 * A mergeable histogram of non-negative durations with logarithmic bins (the DDSketch scheme): every
 * value is kept as the index of its bin, bins grow by a factor GAMMA, and a bin's representative is
 * within RELATIVE_ACCURACY of every value in it. Merging adds counts, so a month merged from its days
 * equals the month built at once, and any order statistic read back is within 1% of the true one.
 */
export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
// Below a millisecond a duration is zero for every purpose here.
const SMALLEST = 0.001;
const ZERO_BIN = -100_000;

/** Bin index -> count. */
export type Histogram = Map<number, number>;

export function binOf(value: number): number {
  return value < SMALLEST ? ZERO_BIN : Math.ceil(Math.log(value) / LOG_GAMMA);
}

function representative(bin: number): number {
  return bin === ZERO_BIN ? 0 : (2 * GAMMA ** bin) / (GAMMA + 1);
}

export function addValue(h: Histogram, value: number, count = 1): void {
  const bin = binOf(value);
  h.set(bin, (h.get(bin) ?? 0) + count);
}

export function mergeInto(target: Histogram, source: Histogram): void {
  for (const [bin, count] of source) target.set(bin, (target.get(bin) ?? 0) + count);
}

/**
 * The p-quantile with the interpolation of Postgres's percentile_cont (between the order statistics
 * at floor and ceil of p·(n−1)), each order statistic read as its bin's representative.
 */
export function quantile(h: Histogram, p: number): number | null {
  let n = 0;
  for (const count of h.values()) n += count;
  if (n === 0) return null;
  const rank = p * (n - 1);
  const lowRank = Math.floor(rank);
  const bins = [...h.keys()].sort((a, b) => a - b);
  let seen = 0;
  let low: number | undefined;
  for (const bin of bins) {
    seen += h.get(bin)!;
    if (low === undefined && seen > lowRank) low = representative(bin);
    if (seen > lowRank + 1 || (seen > lowRank && rank === lowRank)) {
      const high = representative(bin);
      return low! + (rank - lowRank) * (high - low!);
    }
  }
  return low!;
}

/** As a flat [bin, count, bin, count, …] list, the form cells are stored in. */
export const toPairs = (h: Histogram): number[] => [...h].flat();

export function fromPairs(pairs: readonly number[]): Histogram {
  const h: Histogram = new Map();
  for (let i = 0; i < pairs.length; i += 2) h.set(pairs[i]!, pairs[i + 1]!);
  return h;
}

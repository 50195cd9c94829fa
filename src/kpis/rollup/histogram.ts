/**
 * A mergeable histogram of non-negative durations with logarithmic bins (the DDSketch scheme): every
 * value is kept as the index of its bin, bins grow by a factor GAMMA, and a bin's representative is
 * within RELATIVE_ACCURACY of every value in it. Merging adds counts, so a month merged from its days
 * equals the month built at once, and any order statistic read back is within 1% of the true one.
 */
export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
// Below a millisecond a duration is zero for every purpose here (slot 0). The last bin starts at
// GAMMA^850 s, about 280 days: longer durations are counted there.
const SMALLEST = 0.001;
const FIRST_BIN = Math.ceil(Math.log(SMALLEST) / LOG_GAMMA);
const LAST_BIN = 850;
const SLOTS = LAST_BIN - FIRST_BIN + 2;

/**
 * Counts by slot: slot 0 holds zeros, slot i the bin FIRST_BIN + i − 1. Dense while counting, so
 * adding and merging into it are plain indexed writes; a cell read back from storage keeps the
 * sparse [slot, count, …] list it was stored as, so merging it costs only its non-empty slots.
 */
export type Histogram = Uint32Array | readonly number[];

export const emptyHistogram = (): Uint32Array => new Uint32Array(SLOTS);

function slotOf(value: number): number {
  if (value < SMALLEST) return 0;
  return Math.min(Math.ceil(Math.log(value) / LOG_GAMMA), LAST_BIN) - FIRST_BIN + 1;
}

function representative(slot: number): number {
  return slot === 0 ? 0 : (2 * GAMMA ** (slot - 1 + FIRST_BIN)) / (GAMMA + 1);
}

export function addValue(h: Uint32Array, value: number): void {
  h[slotOf(value)]! += 1;
}

export function mergeInto(target: Uint32Array, source: Histogram): void {
  if (source instanceof Uint32Array) for (let i = 0; i < SLOTS; i++) target[i]! += source[i]!;
  else for (let i = 0; i < source.length; i += 2) target[source[i]!]! += source[i + 1]!;
}

/** The histogram as its sparse form: [slot, count, …] over the non-empty slots, ascending. */
function sparse(h: Histogram): readonly number[] {
  if (!(h instanceof Uint32Array)) return h;
  const pairs: number[] = [];
  for (let i = 0; i < SLOTS; i++) if (h[i] !== 0) pairs.push(i, h[i]!);
  return pairs;
}

/**
 * The p-quantile of the histogram's n values with the interpolation of Postgres's percentile_cont
 * (between the order statistics at floor and ceil of p·(n−1)), each read as its bin's representative.
 */
export function quantile(h: Histogram, p: number, n: number): number | null {
  if (n === 0) return null;
  const rank = p * (n - 1);
  const lowRank = Math.floor(rank);
  const highRank = rank === lowRank ? lowRank : lowRank + 1;
  const pairs = sparse(h);
  let seen = 0;
  let low = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    const before = seen;
    seen += pairs[i + 1]!;
    if (before <= lowRank && seen > lowRank) low = representative(pairs[i]!);
    if (seen > highRank) return low + (rank - lowRank) * (representative(pairs[i]!) - low);
  }
  return low;
}

/** As a flat [slot, count, slot, count, …] list of the non-empty slots, the form cells are stored in. */
export const toPairs = (h: Histogram): number[] => [...sparse(h)];

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addValue, emptyHistogram, mergeInto, quantile, RELATIVE_ACCURACY, toPairs } from '../../src/kpis/rollup/histogram';

/** Postgres's percentile_cont: linear between the order statistics around p·(n−1). */
function percentileCont(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (rank - low) * (sorted[high]! - sorted[low]!);
}

const durations = fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 5e6, noNaN: true }), fc.integer({ min: 1, max: 86_400 })), { minLength: 1, maxLength: 300 });

describe('log histogram', () => {
  it('reads every percentile within 1% of percentile_cont', () => {
    fc.assert(
      fc.property(durations, fc.constantFrom(0, 0.1, 0.5, 0.9, 0.99, 1), (values, p) => {
        const h = emptyHistogram();
        for (const v of values) addValue(h, v);
        const exact = percentileCont(values, p);
        expect(Math.abs(quantile(h, p, values.length)! - exact)).toBeLessThanOrEqual(RELATIVE_ACCURACY * exact + 1e-9);
        // The stored (sparse) form reads the same.
        expect(quantile(toPairs(h), p, values.length)).toBe(quantile(h, p, values.length));
      }),
      { numRuns: 500 },
    );
  });

  it('merged from its stored form equals built at once', () => {
    fc.assert(
      fc.property(durations, durations, (a, b) => {
        const ha = emptyHistogram();
        const hb = emptyHistogram();
        const both = emptyHistogram();
        for (const v of a) addValue(ha, v), addValue(both, v);
        for (const v of b) addValue(hb, v), addValue(both, v);
        mergeInto(ha, toPairs(hb));
        expect(ha).toEqual(both);
      }),
    );
  });

  it('has no percentile when empty', () => {
    expect(quantile(emptyHistogram(), 0.5, 0)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { cohenKappa, measureAgreement } from '../../src/review/agreement';

describe("Cohen's kappa", () => {
  it('matches values worked by hand', () => {
    // po = 3/4; left a 2, b 2; right a 1, b 3: pe = ½·¼ + ½·¾ = ½; kappa = (¾ − ½) / ½ = ½.
    expect(cohenKappa([['a', 'a'], ['a', 'b'], ['b', 'b'], ['b', 'b']])).toBeCloseTo(0.5, 12);
    // Perfect agreement over two labels is 1; systematic disagreement is below 0.
    expect(cohenKappa([['x', 'x'], ['y', 'y']])).toBe(1);
    expect(cohenKappa([['x', 'y'], ['y', 'x']])).toBe(-1);
    // One label on both sides: chance explains everything, kappa is undefined.
    expect(cohenKappa([['x', 'x'], ['x', 'x']])).toBeNull();
    expect(cohenKappa([])).toBeNull();
  });
});

describe('agreement', () => {
  it('pairs only labels both sides gave, and measures satisfaction by mean absolute error', () => {
    const result = measureAgreement([
      { parleyLabels: { resolution: 'resolved', satisfaction: 4.2 }, labels: { resolution: 'resolved', satisfaction: 5 } },
      { parleyLabels: { resolution: 'resolved', intent: 'billing' }, labels: { resolution: 'unresolved', intent: 'billing' } },
      { parleyLabels: { resolution: 'unresolved' }, labels: { sentiment: 'negative' } },
    ]);
    expect(result.reviews).toBe(3);
    expect(result.labels.resolution).toEqual({ n: 2, accuracy: 0.5, kappa: 0 });
    expect(result.labels.intent).toEqual({ n: 1, accuracy: 1, kappa: null });
    expect(result.labels.sentiment).toEqual({ n: 0, accuracy: null, kappa: null });
    expect(result.satisfaction.n).toBe(1);
    expect(result.satisfaction.meanAbsoluteError).toBeCloseTo(0.8, 12);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distinct, firstOccurrences, predictProbabilities, toLinearModel } from '../../../src/scoring/classifier/linear';

/** The model's definition, written the plain way: each distinct feature's weights, scaled by 1/sqrt(distinct count), then softmax. */
function reference(data: { classes: string[]; bias: number[]; dense: number[][]; sparse: Record<string, number[]> }, sparse: number[], dense: number[]): number[] {
  const features = [...new Set(sparse)];
  const scale = features.length ? 1 / Math.sqrt(features.length) : 0;
  const logits = [...data.bias];
  for (const f of features) {
    const w = data.sparse[String(f)];
    if (w) w.forEach((v, c) => (logits[c]! += v * scale));
  }
  dense.forEach((x, j) => data.dense[j]!.forEach((v, c) => (logits[c]! += v * x)));
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

const hash = fc.integer({ min: 0, max: 0xffffffff });

describe('linear classifier', () => {
  it('gives the plain definition to the bit, with repeated and unknown features, any number of classes and any length', () => {
    const input = fc
      .record({ k: fc.integer({ min: 2, max: 12 }), known: fc.uniqueArray(hash, { minLength: 1, maxLength: 300 }), dense: fc.integer({ min: 0, max: 3 }) })
      .chain(({ k, known, dense }) =>
        fc.record({
          k: fc.constant(k),
          known: fc.constant(known),
          weights: fc.array(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: k, maxLength: k }), { minLength: known.length, maxLength: known.length }),
          bias: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: k, maxLength: k }),
          denseWeights: fc.array(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: k, maxLength: k }), { minLength: dense, maxLength: dense }),
          denseValues: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: dense, maxLength: dense }),
          // Drawn from the known features, and from anywhere, with repeats; long enough to outgrow the scratch buffers.
          sparse: fc.array(fc.oneof(fc.constantFrom(...known), hash), { maxLength: 3000 }),
        }),
      );
    fc.assert(
      fc.property(input, ({ k, known, weights, bias, denseWeights, denseValues, sparse }) => {
        const data = {
          classes: Array.from({ length: k }, (_, c) => `c${c}`),
          bias,
          dense: denseWeights,
          sparse: Object.fromEntries(known.map((h, i) => [String(h), weights[i]!])),
        };
        expect([...predictProbabilities(toLinearModel(data), sparse, denseValues)]).toEqual(reference(data, sparse, denseValues));
      }),
      { numRuns: 300 },
    );
  });

  it('finds distinct values and their first occurrences in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 3000 }), (values) => {
        expect(distinct(values)).toEqual([...new Set(values)]);
        expect(firstOccurrences(values)).toEqual([...new Set(values)].map((v) => values.indexOf(v)));
      }),
    );
  });
});

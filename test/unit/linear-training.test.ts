import { describe, expect, it } from 'vitest';
import { predictProbabilities, toLinearModel } from '../../src/scoring/classifier/linear';
import { resolvedTarget } from '../../src/training/conversation-recipe';
import { DEFAULT_LINEAR_OPTIONS, naiveBayesScales, trainLinear, type Example } from '../../src/training/linear';

const CLASSES = ['a', 'b', 'c'];
const MARKER: Record<string, number> = { a: 101, b: 202, c: 303 };
const EVEN = 999;

/** 40 examples a class: the class's marker in most of them, the even feature in half of every class's, and a few shared others. */
function examples(): Example[] {
  const out: Example[] = [];
  for (const label of CLASSES) {
    for (let i = 0; i < 40; i++) {
      // One in eight carries the next class's marker, so no marker is a perfect rule.
      const marker = i % 8 === 0 ? CLASSES[(CLASSES.indexOf(label) + 1) % 3]! : label;
      const sparse = [MARKER[marker]!, 500 + (i % 5)];
      if (i % 2 === 0) sparse.push(EVEN);
      out.push({ sparse, dense: [], label });
    }
  }
  return out;
}

describe('Naive Bayes scaling of a linear model', () => {
  it('scales a feature by its largest absolute log-count ratio, one class against the rest, Laplace smoothed', () => {
    // Two classes, vocabulary of two features: feature 0 in 3 of class 0's examples and 1 of class 1's,
    // feature 1 in 1 and 3. Occurrences: 4 a class; V = 2.
    const encoded = [
      ...[[0], [0], [0], [1]].map((f) => ({ features: Int32Array.from(f), label: 0 })),
      ...[[1], [1], [1], [0]].map((f) => ({ features: Int32Array.from(f), label: 1 })),
    ];
    const scales = naiveBayesScales(encoded, 2, 2);
    const ratio = Math.abs(Math.log((3 + 1) / (4 + 2) / ((1 + 1) / (4 + 2))));
    expect(scales[0]).toBeCloseTo(ratio, 12);
    expect(scales[1]).toBeCloseTo(ratio, 12);
  });

  it('holds down a feature spread evenly over the classes, which the plain fit weighs', () => {
    const options = { ...DEFAULT_LINEAR_OPTIONS, epochs: 10, learningRate: 0.2, l2: 1e-3 };
    const scaled = trainLinear(examples(), CLASSES, { ...options, naiveBayesScaling: true });
    const plain = trainLinear(examples(), CLASSES, options);
    const largest = (w: number[] | undefined) => Math.max(0, ...(w ?? []).map(Math.abs));
    expect(largest(plain.sparse[String(EVEN)])).toBeGreaterThan(0.05);
    expect(largest(scaled.sparse[String(EVEN)])).toBeLessThan(largest(plain.sparse[String(EVEN)]) / 20);
    for (const [i, label] of CLASSES.entries()) {
      const w = scaled.sparse[String(MARKER[label])]!;
      expect(w.indexOf(Math.max(...w))).toBe(i);
    }
  });

  it('never scales a feature up: one that a single class holds gets 1', () => {
    // Feature 0 in all ten of class 0's examples and none of class 1's: a log-count ratio of ln 11.
    const encoded = [
      ...Array.from({ length: 10 }, () => ({ features: Int32Array.from([0]), label: 0 })),
      ...Array.from({ length: 10 }, () => ({ features: Int32Array.from([1]), label: 1 })),
    ];
    expect([...naiveBayesScales(encoded, 2, 2)]).toEqual([1, 1]);
  });
});

describe('graded labels', () => {
  it('learns the probability a graded label gives, where the bare label would push towards certainty', () => {
    const options = { ...DEFAULT_LINEAR_OPTIONS, epochs: 40, learningRate: 0.1, l2: 0 };
    const graded: Example[] = Array.from({ length: 50 }, () => ({ sparse: [7], dense: [], label: 'yes', target: [0.2, 0.8] }));
    const bare = graded.map(({ target: _, ...e }) => e);
    const p = (examples: Example[]) => predictProbabilities(toLinearModel(trainLinear(examples, ['no', 'yes'], options)), [7], [])[1]!;
    expect(p(graded)).toBeCloseTo(0.8, 2);
    expect(p(bare)).toBeGreaterThan(0.95);
  });

  it('reads stc3 accomplishment as resolved above 0, surer the further from it', () => {
    expect(resolvedTarget(0)).toBe(0.5);
    expect(resolvedTarget(0.05)).toBeGreaterThan(0.5);
    expect(resolvedTarget(-0.05)).toBeLessThan(0.5);
    expect(resolvedTarget(1)).toBeGreaterThan(0.99);
    expect(resolvedTarget(0.15) - resolvedTarget(0.05)).toBeGreaterThan(resolvedTarget(1.15) - resolvedTarget(1.05));
  });
});

import { distinct, softmaxInPlace, sparseScale, type LinearModelData } from '../scoring/classifier/linear';
import { seededRandom, shuffled } from './random';

export interface Example {
  sparse: readonly number[];
  dense: readonly number[];
  label: string;
  /**
   * Where the label is graded (annotators who disagree), each class's probability, in the order of
   * the classes trained; the loss is then the cross-entropy against it. Without it, the label's class is 1.
   */
  target?: readonly number[];
}

export interface LinearTrainingOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** A sparse feature must occur in at least this many training examples to get a weight. */
  minCount: number;
  seed: number;
  /** Weights are rounded to this many significant digits, keeping model files small and stable. */
  precision: number;
  /**
   * Scale each sparse feature's input by how well it separates the classes (naiveBayesScales), after
   * NBSVM (Wang & Manning, "Baselines and Bigrams", 2012). The scale is folded into the trained
   * weights, so prediction is unchanged. Off unless set.
   */
  naiveBayesScaling?: boolean;
}

export const DEFAULT_LINEAR_OPTIONS: LinearTrainingOptions = {
  epochs: 12,
  learningRate: 0.3,
  l2: 1e-4,
  minCount: 2,
  seed: 42,
  precision: 5,
};

/**
 * For each feature, the largest absolute log-count ratio of one class against the rest, Laplace
 * smoothed: ln((n_c(f) + 1) / (N_c + V)) - ln((n_rest(f) + 1) / (N_rest + V)), with n the examples
 * of a side holding the feature, N the feature occurrences on that side and V the vocabulary size;
 * at most 1. A feature seen as often in every class gets a scale near 0, so the L2 penalty holds its
 * weight down; with a few thousand examples, that is most hashtags and names. The cap keeps the
 * scaling from amplifying what the training texts tie to one class, which would outweigh the dense
 * features (the lexicons) on texts unlike them.
 */
export function naiveBayesScales(encoded: readonly { features: Int32Array; label: number }[], vocabularySize: number, k: number): Float64Array {
  const counts = new Float64Array(vocabularySize * k);
  const perClass = new Float64Array(k);
  for (const { features, label } of encoded) {
    for (const f of features) counts[f * k + label]! += 1;
    perClass[label]! += features.length;
  }
  const total = perClass.reduce((a, b) => a + b, 0);
  const scales = new Float64Array(vocabularySize);
  for (let f = 0; f < vocabularySize; f++) {
    let all = 0;
    for (let c = 0; c < k; c++) all += counts[f * k + c]!;
    for (let c = 0; c < k; c++) {
      const inClass = (counts[f * k + c]! + 1) / (perClass[c]! + vocabularySize);
      const outside = (all - counts[f * k + c]! + 1) / (total - perClass[c]! + vocabularySize);
      scales[f] = Math.max(scales[f]!, Math.abs(Math.log(inClass / outside)));
    }
  }
  for (let f = 0; f < vocabularySize; f++) scales[f] = Math.min(1, scales[f]!);
  return scales;
}

/**
 * Multinomial logistic regression by AdaGrad with L2, in a fixed order from a fixed seed: the same
 * examples and options give the same weights, digit for digit. L2 is applied to the weights an
 * example touches (the usual lazy approximation for sparse data).
 */
export function trainLinear(examples: readonly Example[], classes: readonly string[], options: LinearTrainingOptions = DEFAULT_LINEAR_OPTIONS): LinearModelData {
  const k = classes.length;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const denseSize = examples[0]?.dense.length ?? 0;

  // Ascending order fixes the summation order, so the weights come out the same digit for digit.
  const distinctFeatures = examples.map((e) => distinct(e.sparse).sort((a, b) => a - b));
  const documentFrequency = new Map<number, number>();
  for (const features of distinctFeatures) for (const f of features) documentFrequency.set(f, (documentFrequency.get(f) ?? 0) + 1);
  const vocabulary = [...documentFrequency].filter(([, n]) => n >= options.minCount).map(([f]) => f).sort((a, b) => a - b);
  const featureIndex = new Map(vocabulary.map((f, i) => [f, i]));

  const encoded = examples.map((e, i) => {
    const features = distinctFeatures[i]!;
    return {
      features: Int32Array.from([...features].flatMap((f) => (featureIndex.has(f) ? [featureIndex.get(f)!] : []))),
      // The scale counts every distinct feature, known or not, exactly as prediction does.
      scale: sparseScale(features.length),
      dense: Float64Array.from(e.dense),
      label: classIndex.get(e.label) ?? (() => { throw new Error(`unknown label ${e.label}`); })(),
      target: e.target,
    };
  });

  const scales = options.naiveBayesScaling ? naiveBayesScales(encoded, vocabulary.length, k) : new Float64Array(vocabulary.length).fill(1);
  const weights = new Float64Array(vocabulary.length * k);
  const weightSquares = new Float64Array(vocabulary.length * k);
  const denseWeights = new Float64Array(denseSize * k);
  const denseSquares = new Float64Array(denseSize * k);
  const bias = new Float64Array(k);
  const biasSquares = new Float64Array(k);
  const random = seededRandom(options.seed);
  const eps = 1e-8;
  const logits = new Float64Array(k);

  const step = (w: Float64Array, g2: Float64Array, at: number, gradient: number) => {
    const g = gradient + options.l2 * w[at]!;
    g2[at]! += g * g;
    w[at]! -= (options.learningRate * g) / Math.sqrt(g2[at]! + eps);
  };

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const example of shuffled(encoded, random)) {
      logits.set(bias);
      for (const f of example.features) for (let c = 0; c < k; c++) logits[c]! += weights[f * k + c]! * scales[f]! * example.scale;
      for (let j = 0; j < denseSize; j++) for (let c = 0; c < k; c++) logits[c]! += denseWeights[j * k + c]! * example.dense[j]!;
      softmaxInPlace(logits);
      for (let c = 0; c < k; c++) {
        const gradient = logits[c]! - (example.target ? example.target[c]! : c === example.label ? 1 : 0);
        for (const f of example.features) step(weights, weightSquares, f * k + c, gradient * scales[f]! * example.scale);
        for (let j = 0; j < denseSize; j++) step(denseWeights, denseSquares, j * k + c, gradient * example.dense[j]!);
        step(bias, biasSquares, c, gradient);
      }
    }
  }

  const round = (v: number) => Number(v.toPrecision(options.precision));
  const sparse: Record<string, number[]> = {};
  vocabulary.forEach((feature, i) => {
    const w = Array.from(weights.subarray(i * k, i * k + k), (v) => round(v * scales[i]!));
    if (w.some((v) => Math.abs(v) >= 1e-4)) sparse[String(feature)] = w;
  });
  return {
    classes: [...classes],
    bias: Array.from(bias, round),
    dense: Array.from({ length: denseSize }, (_, j) => Array.from(denseWeights.subarray(j * k, j * k + k), round)),
    sparse,
  };
}

import { foldOf } from '../eval/folds';
import { toLinearModel } from '../scoring/classifier/linear';
import { intentFeatures } from '../scoring/intent/features';
import { topIntent, type IntentModelData } from '../scoring/intent/model';
import { DEFAULT_LINEAR_OPTIONS, trainLinear, type LinearTrainingOptions } from './linear';

export interface IntentExample {
  id: string;
  text: string;
  label: string;
}

export const INTENT_TRAINING_OPTIONS: LinearTrainingOptions = { ...DEFAULT_LINEAR_OPTIONS, epochs: 8, learningRate: 0.2, minCount: 1 };
/** Labels that mean "none of these" in the datasets we know. */
export const NONE_LABELS = ['oos', 'none', 'other', 'out_of_scope'];
/**
 * Without none-examples: reject the least confident 3% of held-out in-scope messages, but never
 * above 0.5. Held-out phrases are often near copies of training ones, so their confidences run
 * higher than real messages'; with nothing showing what "none" looks like, only messages the
 * model is not even half sure of are rejected.
 */
const IN_SCOPE_REJECTION = 0.03;
const MAX_THRESHOLD_WITHOUT_NONE_EXAMPLES = 0.5;
const HOLDOUT_FOLDS = 5;
// Salted so the holdout is independent of any split an evaluation made by foldOf(id) already.
const holdoutFold = (e: IntentExample) => foldOf(`threshold:${e.id}`, HOLDOUT_FOLDS);
/**
 * Below this many examples, every example is scored by a model fitted on the other folds and the
 * threshold is chosen on all of them; above it, on one held-out fifth, which is then large enough,
 * and five fits would cost minutes. On the default taxonomy's 1,250 examples, one fifth held 16
 * none-examples and the threshold it chose fell from 0.408 to 0.191 when 132 phrases were added
 * (docs/evaluation.md).
 */
const SCORE_EVERY_FOLD_BELOW = 5_000;

function fit(examples: readonly IntentExample[], options: LinearTrainingOptions) {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  return trainLinear(examples.map((e) => ({ sparse: intentFeatures(e.text), dense: [], label: e.label })), labels, options);
}

/**
 * Examples the threshold is chosen on, each scored by a model fitted without its fold: every
 * example below SCORE_EVERY_FOLD_BELOW, one fifth of them above.
 */
export function scoreHeldOut(examples: readonly IntentExample[], options: LinearTrainingOptions) {
  const folds = examples.length < SCORE_EVERY_FOLD_BELOW ? HOLDOUT_FOLDS : 1;
  return Array.from({ length: folds }, (_, k) => {
    const model = { classifier: toLinearModel(fit(examples.filter((e) => holdoutFold(e) !== k), options)) };
    return examples.filter((e) => holdoutFold(e) === k).map((e) => ({ ...topIntent(model, e.text), gold: e.label, id: e.id }));
  }).flat();
}

/**
 * The rejection threshold, from models trained on four fifths of the examples and applied to the
 * rest (every fifth in turn, for fewer than SCORE_EVERY_FOLD_BELOW examples). With none-examples:
 * the threshold that maximises in-scope accuracy plus none-recall (a rejected in-scope message
 * counts as wrong). Without: see MAX_THRESHOLD_WITHOUT_NONE_EXAMPLES.
 */
function chooseThreshold(examples: readonly IntentExample[], noneLabels: ReadonlySet<string>, options: LinearTrainingOptions): number {
  const scored = scoreHeldOut(examples, options);
  const inScope = scored.filter((s) => !noneLabels.has(s.gold));
  const none = scored.filter((s) => noneLabels.has(s.gold));
  if (none.length === 0) {
    const confidences = inScope.map((s) => s.confidence).sort((a, b) => a - b);
    return Math.min(confidences[Math.floor(confidences.length * IN_SCOPE_REJECTION)] ?? 0, MAX_THRESHOLD_WITHOUT_NONE_EXAMPLES);
  }
  let best = { threshold: 0, score: -Infinity };
  for (const threshold of [...new Set(scored.map((s) => s.confidence))].sort((a, b) => a - b)) {
    const accepted = (s: (typeof scored)[number]) => !noneLabels.has(s.intent) && s.confidence >= threshold;
    const accuracy = inScope.filter((s) => accepted(s) && s.intent === s.gold).length / inScope.length;
    const recall = none.filter((s) => !accepted(s)).length / none.length;
    if (accuracy + recall > best.score) best = { threshold, score: accuracy + recall };
  }
  return best.threshold;
}

/** Trains a taxonomy from labelled examples: the threshold on held-out examples, the model on all. */
export function trainIntentModel(
  taxonomy: string,
  examples: readonly IntentExample[],
  options: LinearTrainingOptions = INTENT_TRAINING_OPTIONS,
): IntentModelData {
  const labels = new Set(examples.map((e) => e.label));
  const noneLabels = NONE_LABELS.filter((l) => labels.has(l));
  return {
    taxonomy,
    noneLabels,
    // Rounded like the weights: the last digits of a probability are summation-order noise.
    rejectBelow: Number(chooseThreshold(examples, new Set(noneLabels), options).toPrecision(6)),
    model: fit(examples, options),
  };
}

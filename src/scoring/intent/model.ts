import { predictProbabilities, toLinearModel, type LinearModel, type LinearModelData } from '../classifier/linear';
import { intentFeatures } from './features';

/** The answer when no intent fits and the taxonomy has no none-label of its own. */
export const NONE = 'none';

/** An intent taxonomy's model as stored (models/intent/*.json, or a workspace's in Postgres). */
export interface IntentModelData {
  taxonomy: string;
  /** Training labels that mean "none of these" (clinc150's "oos", the default taxonomy's "other"). */
  noneLabels: string[];
  /** Below this top probability the answer is "none of these": chosen on held-out training data. */
  rejectBelow: number;
  model: LinearModelData;
}

/** models/intent/default.json: the model and what it was trained on. */
export interface IntentModelFile {
  trainedOn: { source: string; examples: number; license: string }[];
  trainedIdHashes: number[];
  model: IntentModelData;
}

export interface IntentModel {
  readonly taxonomy: string;
  readonly noneLabels: ReadonlySet<string>;
  readonly rejectBelow: number;
  readonly classifier: LinearModel;
}

export interface IntentPrediction {
  /** A label of the taxonomy; when `none`, the taxonomy's none-label ("other", "oos") or NONE. */
  intent: string;
  /** The top class's probability. */
  confidence: number;
  none: boolean;
}

export function toIntentModel(data: IntentModelData): IntentModel {
  return Object.freeze({
    taxonomy: data.taxonomy,
    noneLabels: new Set(data.noneLabels),
    rejectBelow: data.rejectBelow,
    classifier: toLinearModel(data.model),
  });
}

/** The most probable label and its probability, before any "none of these" decision. */
export function topIntent(model: Pick<IntentModel, 'classifier'>, text: string): { intent: string; confidence: number } {
  const p = predictProbabilities(model.classifier, intentFeatures(text), []);
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
  return { intent: model.classifier.classes[best]!, confidence: p[best]! };
}

/** The most probable label, unless it is a none-label or below the threshold: then the taxonomy's none answer. */
export function predictIntent(model: IntentModel, text: string): IntentPrediction {
  const top = topIntent(model, text);
  if (!model.noneLabels.has(top.intent) && top.confidence >= model.rejectBelow) return { ...top, none: false };
  const [noneLabel = NONE] = model.noneLabels;
  return { intent: noneLabel, confidence: top.confidence, none: true };
}

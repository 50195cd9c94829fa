import { predictProbabilities, toLinearModel, type LinearModel, type LinearModelData } from '../classifier/linear';
import { intentFeatures } from './features';

/** The answer when no intent of the taxonomy fits. */
export const NONE = 'none';

/** An intent taxonomy's model as stored (models/intent/*.json, or a workspace's in Postgres). */
export interface IntentModelData {
  taxonomy: string;
  /** Training labels that mean "none of these" (clinc150's "oos"); predicting one answers NONE. */
  noneLabels: string[];
  /** Below this top probability the answer is NONE: chosen on held-out training data. */
  rejectBelow: number;
  model: LinearModelData;
}

export interface IntentModel {
  readonly taxonomy: string;
  readonly noneLabels: ReadonlySet<string>;
  readonly rejectBelow: number;
  readonly classifier: LinearModel;
}

export interface IntentPrediction {
  intent: string; // a label of the taxonomy, or NONE
  confidence: number; // the top class's probability
}

export function toIntentModel(data: IntentModelData): IntentModel {
  return Object.freeze({
    taxonomy: data.taxonomy,
    noneLabels: new Set(data.noneLabels),
    rejectBelow: data.rejectBelow,
    classifier: toLinearModel(data.model),
  });
}

/** The most probable intent and its probability; NONE when it is a none-label or too unsure. */
export function topIntent(model: Pick<IntentModel, 'classifier'>, text: string): IntentPrediction {
  const p = predictProbabilities(model.classifier, intentFeatures(text), []);
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
  return { intent: model.classifier.classes[best]!, confidence: p[best]! };
}

export function predictIntent(model: IntentModel, text: string): IntentPrediction {
  const top = topIntent(model, text);
  const rejected = model.noneLabels.has(top.intent) || top.confidence < model.rejectBelow;
  return rejected ? { intent: NONE, confidence: top.confidence } : top;
}

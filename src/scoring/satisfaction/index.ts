import type { Conversation } from '../../contract/conversation';
import type { SatisfactionResult } from '../types';
import { SATISFACTION_FEATURES, satisfactionFeatures, type SatisfactionFactor, type SatisfactionInputs } from './features';

/** models/satisfaction/model.json: a ridge regression of the 1-5 rating on the features. */
export interface SatisfactionModelData {
  features: string[];
  /** Feature means over the training data: a factor is its weight times the distance from the mean. */
  means: number[];
  weights: number[];
  intercept: number;
}

const clamp = (x: number) => Math.min(5, Math.max(1, x));

/** The model's rating for a feature vector, on the 1-5 scale. */
export function predictRating(model: SatisfactionModelData, x: readonly number[]): number {
  return clamp(model.intercept + model.weights.reduce((sum, w, i) => sum + w * x[i]!, 0));
}

/**
 * Predicted satisfaction on the 1-5 CSAT scale, with each factor's contribution: the prediction is
 * the average conversation's rating plus the factors. A survey answer, where there is one, wins.
 */
export function predictSatisfaction(
  conversation: Conversation,
  inputs: SatisfactionInputs,
  surveyCsat: number | null,
  model: SatisfactionModelData,
): SatisfactionResult {
  const x = satisfactionFeatures(conversation, inputs);
  const factors: Partial<Record<SatisfactionFactor, number>> = {};
  x.forEach((value, i) => {
    const group = SATISFACTION_FEATURES[i]![0];
    factors[group] = (factors[group] ?? 0) + model.weights[i]! * (value - model.means[i]!);
  });
  const baseline = model.intercept + model.weights.reduce((sum, w, i) => sum + w * model.means[i]!, 0);
  const predicted = predictRating(model, x);
  return { predicted, baseline, factors, surveyed: surveyCsat, final: surveyCsat ?? predicted };
}

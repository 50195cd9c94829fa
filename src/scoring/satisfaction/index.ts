import type { Conversation } from '../../contract/conversation';
import type { SatisfactionResult } from '../types';
import { SATISFACTION_FEATURES, satisfactionFeatures, type SatisfactionFactor, type SatisfactionInputs } from './features';
import { explainTrees, type BoostedTrees } from './trees';

/** models/satisfaction/model.json: boosted regression trees of the 1-5 rating on the features. */
export interface SatisfactionModelData extends BoostedTrees {
  features: string[];
}

const clamp = (x: number) => Math.min(5, Math.max(1, x));

/**
 * Predicted satisfaction on the 1-5 CSAT scale, with each factor's contribution: the prediction is
 * the average conversation's rating plus the factors (then kept within 1-5). A survey answer,
 * where there is one, wins.
 */
export function predictSatisfaction(
  conversation: Conversation,
  inputs: SatisfactionInputs,
  surveyCsat: number | null,
  model: SatisfactionModelData,
): SatisfactionResult {
  const x = satisfactionFeatures(conversation, inputs);
  const { baseline, prediction, contributions } = explainTrees(model, x);
  // Every factor is reported, 0 where no split on this conversation's path read its features.
  const factors = Object.fromEntries(SATISFACTION_FEATURES.map(([group]) => [group, 0])) as Record<SatisfactionFactor, number>;
  contributions.forEach((c, i) => (factors[SATISFACTION_FEATURES[i]![0]] += c));
  const predicted = clamp(prediction);
  return { predicted, baseline, factors, surveyed: surveyCsat, final: surveyCsat ?? predicted };
}

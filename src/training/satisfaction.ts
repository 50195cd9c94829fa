import type { SatisfactionModelData } from '../scoring/satisfaction';
import { SATISFACTION_FEATURES, type SatisfactionFeatureName } from '../scoring/satisfaction/features';
import { fitBoostedTrees } from './boosted-trees';
import { FROZEN_SATISFACTION_FEATURES, SATISFACTION_DIRECTIONS, SATISFACTION_TREES } from './conversation-recipe';

/** Fits the model on feature rows (satisfactionFeatures) and their ratings. */
export function fitSatisfactionModel(rows: readonly number[][], ratings: readonly number[]): SatisfactionModelData {
  const names: SatisfactionFeatureName[] = SATISFACTION_FEATURES.map(([, name]) => name);
  const frozen = new Set(FROZEN_SATISFACTION_FEATURES.map((f) => names.indexOf(f)));
  const directions = new Map(names.flatMap((name, i) => (SATISFACTION_DIRECTIONS[name] ? [[i, SATISFACTION_DIRECTIONS[name]] as const] : [])));
  return { features: names, ...fitBoostedTrees(rows, ratings, SATISFACTION_TREES, { excluded: frozen, directions }) };
}

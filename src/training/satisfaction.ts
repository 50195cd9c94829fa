import type { SatisfactionModelData } from '../scoring/satisfaction';
import { SATISFACTION_FEATURES } from '../scoring/satisfaction/features';
import { FROZEN_SATISFACTION_FEATURES, SATISFACTION_RIDGE } from './conversation-recipe';
import { fitRidge } from './ridge';

/** Fits the model on feature rows (satisfactionFeatures) and their ratings. */
export function fitSatisfactionModel(rows: readonly number[][], ratings: readonly number[]): SatisfactionModelData {
  const names: string[] = SATISFACTION_FEATURES.map(([, name]) => name);
  const frozen = new Set(FROZEN_SATISFACTION_FEATURES.map((f) => names.indexOf(f)));
  const fit = fitRidge(rows, ratings, SATISFACTION_RIDGE, frozen);
  const round = (v: number) => Number(v.toPrecision(6));
  return { features: names, means: fit.means.map(round), weights: fit.weights.map(round), intercept: round(fit.intercept) };
}

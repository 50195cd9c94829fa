import type { Conversation } from '../contract/conversation';
import { scoreConversation } from '../scoring';
import type { Models } from '../scoring/models';
import type { SatisfactionModelData } from '../scoring/satisfaction';
import { SATISFACTION_FEATURES, satisfactionFeatures } from '../scoring/satisfaction/features';
import { fitRidge } from './ridge';

export interface RatedConversation {
  conversation: Conversation;
  satisfaction: number;
}

export const SATISFACTION_RIDGE = 1;
/** The development conversations have no timestamps: their waits are artefacts, so waits stay at weight 0. */
export const FROZEN_SATISFACTION_FEATURES = ['first_response', 'total_wait'];

/** The satisfaction features of a conversation, from the other stages' results. */
export function conversationFeatures(conversation: Conversation, models: Models): number[] {
  return satisfactionFeatures(conversation, scoreConversation(conversation, models));
}

/** Fits the model on feature rows (conversationFeatures) and their ratings. */
export function fitSatisfactionModel(rows: readonly number[][], ratings: readonly number[]): SatisfactionModelData {
  const names: string[] = SATISFACTION_FEATURES.map(([, name]) => name);
  const frozen = new Set(FROZEN_SATISFACTION_FEATURES.map((f) => names.indexOf(f)));
  const fit = fitRidge(rows, ratings, SATISFACTION_RIDGE, frozen);
  const round = (v: number) => Number(v.toPrecision(6));
  return { features: names, means: fit.means.map(round), weights: fit.weights.map(round), intercept: round(fit.intercept) };
}

export function trainSatisfactionModel(rated: readonly RatedConversation[], models: Models): SatisfactionModelData {
  return fitSatisfactionModel(
    rated.map((r) => conversationFeatures(r.conversation, models)),
    rated.map((r) => r.satisfaction),
  );
}

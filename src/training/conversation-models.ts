import type { Conversation } from '../contract/conversation';
import { scoreConversation } from '../scoring';
import { toLinearModel, type LinearModelData } from '../scoring/classifier/linear';
import { detectLanguages } from '../scoring/language';
import type { Models } from '../scoring/models';
import { REACTION_CLASSES, reactingMessages, reactionFeatures, scoreReactions } from '../scoring/reactions';
import { closingMessages, RESOLUTION_CLASSES, resolutionFeatures } from '../scoring/resolution/features';
import { toConfirmationModel, type ConfirmationModelData } from '../scoring/resolution/confirmations';
import type { SatisfactionModelData } from '../scoring/satisfaction';
import { satisfactionFeatures } from '../scoring/satisfaction/features';
import { scoreSentiment } from '../scoring/sentiment';
import { RESOLUTION_TRAINING_OPTIONS, REACTION_TRAINING_OPTIONS, resolvedTarget } from './conversation-recipe';
import { trainLinear, type Example } from './linear';
import { fitSatisfactionModel } from './satisfaction';
import { foldOf } from '../eval/folds';
import { trainConfirmationModel } from './confirmations';

/** A development conversation with whichever labels its source has. */
export interface LabelledConversation {
  id: string;
  conversation: Conversation;
  resolved?: boolean;
  /** How far annotators judged the customer's goal accomplished, where the source grades it (stc3: -2..2, resolved above 0). */
  accomplishment?: number;
  satisfaction?: number;
  /** Per message, the turn's 1-5 satisfaction rating where the source rates turns. */
  messageSatisfaction: (number | undefined)[];
  /** Per message, whether it confirms the solution, where the source marks it. */
  messageConfirms: (boolean | undefined)[];
}

export interface ConversationModels {
  confirmations: ConfirmationModelData;
  resolution: LinearModelData;
  reactions: LinearModelData;
  satisfaction: SatisfactionModelData;
}

// Confirmations and resolution are also trained once per inner fold, for the answers satisfaction learns from.
const INNER_FOLDS = 5;

// A turn rated below the scale's middle is a displeased reaction, above it a pleased one.
const reactionLabel = (rating: number) => (rating < 3 ? 'displeased' : rating > 3 ? 'pleased' : 'neutral');

/**
 * Trains the four models that read whole conversations, in the order they depend on each other:
 * reactions and confirmations (from the transcript and its sentiment), resolution (which also reads
 * their answers), then satisfaction, whose features include all of theirs. Deterministic.
 */
export function trainConversationModels(records: readonly LabelledConversation[], models: Models): ConversationModels {
  // Language and sentiment do not depend on any model trained here: computed once per conversation.
  const sentiments = records.map((r) => scoreSentiment(r.conversation, detectLanguages(r.conversation, models).messages, models));

  const reactionExamples = records.flatMap((r, i) =>
    reactingMessages(r.conversation).flatMap((seq): Example[] => {
      const rating = r.messageSatisfaction[seq];
      return rating === undefined ? [] : [{ ...reactionFeatures(r.conversation, seq, sentiments[i]!), label: reactionLabel(rating) }];
    }),
  );
  const reactions = trainLinear(reactionExamples, REACTION_CLASSES, REACTION_TRAINING_OPTIONS);
  const withReactions: Models = { ...models, reactions: toLinearModel(reactions) };

  const folds = records.map((r) => foldOf(`inner/${r.id}`, INNER_FOLDS));
  const confirmations = trainConfirmationModel(records, sentiments, folds, INNER_FOLDS);
  const resolutionExamples = records.map((r, i): Example | null => {
    if (r.resolved === undefined) return null;
    const reacted = scoreReactions(r.conversation, sentiments[i]!, withReactions);
    const { sparse, dense } = resolutionFeatures(r.conversation, closingMessages(r.conversation), sentiments[i]!, reacted, confirmations.readings[i]!, models);
    const label = r.resolved ? 'resolved' : 'unresolved';
    if (r.accomplishment === undefined) return { sparse, dense, label };
    const p = resolvedTarget(r.accomplishment);
    return { sparse, dense, label, target: RESOLUTION_CLASSES.map((c) => (c === 'resolved' ? p : 1 - p)) };
  });
  const fitResolution = (keep: (i: number) => boolean) =>
    trainLinear(resolutionExamples.filter((e, i): e is Example => e !== null && keep(i)), RESOLUTION_CLASSES, RESOLUTION_TRAINING_OPTIONS);
  const resolution = fitResolution(() => true);
  const trained: Models = { ...withReactions, confirmations: toConfirmationModel(confirmations.data), resolution: toLinearModel(resolution) };

  // Satisfaction learns from the resolution stage's answers on conversations it did not learn from,
  // as every scored conversation's are: in-sample answers are surer than any it will give.
  const foldTrained = confirmations.foldData.map((data, k): Models => ({
    ...trained,
    confirmations: toConfirmationModel(data),
    resolution: toLinearModel(fitResolution((i) => folds[i] !== k)),
  }));
  const learntFrom = (i: number) => resolutionExamples[i] !== null || records[i]!.messageConfirms.some((label) => label !== undefined);
  const rated = records.map((r, i) => ({ r, i })).filter(({ r }) => r.satisfaction !== undefined);
  const satisfaction = fitSatisfactionModel(
    rated.map(({ r, i }) => satisfactionFeatures(r.conversation, scoreConversation(r.conversation, learntFrom(i) ? foldTrained[folds[i]!]! : trained))),
    rated.map(({ r }) => r.satisfaction!),
  );
  return { confirmations: confirmations.data, resolution, reactions, satisfaction };
}

import type { Conversation } from '../contract/conversation';
import { scoreConversation } from '../scoring';
import { toLinearModel, type LinearModelData } from '../scoring/classifier/linear';
import { detectLanguages } from '../scoring/language';
import type { Models } from '../scoring/models';
import { REACTION_CLASSES, reactingMessages, reactionFeatures, scoreReactions } from '../scoring/reactions';
import { closingMessages, RESOLUTION_CLASSES, resolutionFeatures } from '../scoring/resolution/features';
import type { SatisfactionModelData } from '../scoring/satisfaction';
import { satisfactionFeatures } from '../scoring/satisfaction/features';
import { scoreSentiment } from '../scoring/sentiment';
import { RESOLUTION_TRAINING_OPTIONS, REACTION_TRAINING_OPTIONS } from './conversation-recipe';
import { trainLinear, type Example } from './linear';
import { fitSatisfactionModel } from './satisfaction';

/** A development conversation with whichever labels its source has. */
export interface LabelledConversation {
  id: string;
  conversation: Conversation;
  resolved?: boolean;
  satisfaction?: number;
  /** Per message, the turn's 1-5 satisfaction rating where the source rates turns. */
  messageSatisfaction: (number | undefined)[];
}

export interface ConversationModels {
  resolution: LinearModelData;
  reactions: LinearModelData;
  satisfaction: SatisfactionModelData;
}

// A turn rated below the scale's middle is a displeased reaction, above it a pleased one.
const reactionLabel = (rating: number) => (rating < 3 ? 'displeased' : rating > 3 ? 'pleased' : 'neutral');

/**
 * Trains the three models that read whole conversations, in the order they depend on each other:
 * resolution and reactions (both from the transcript and its sentiment), then satisfaction, whose
 * features include their answers. Deterministic.
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

  const resolutionExamples = records.flatMap((r, i): Example[] => {
    if (r.resolved === undefined) return [];
    const reacted = scoreReactions(r.conversation, sentiments[i]!, withReactions);
    const { sparse, dense } = resolutionFeatures(r.conversation, closingMessages(r.conversation), sentiments[i]!, reacted, models);
    return [{ sparse, dense, label: r.resolved ? 'resolved' : 'unresolved' }];
  });
  const resolution = trainLinear(resolutionExamples, RESOLUTION_CLASSES, RESOLUTION_TRAINING_OPTIONS);

  const trained: Models = { ...withReactions, resolution: toLinearModel(resolution) };
  const rated = records.filter((r) => r.satisfaction !== undefined);
  const satisfaction = fitSatisfactionModel(
    rated.map((r) => satisfactionFeatures(r.conversation, scoreConversation(r.conversation, trained))),
    rated.map((r) => r.satisfaction!),
  );
  return { resolution, reactions, satisfaction };
}

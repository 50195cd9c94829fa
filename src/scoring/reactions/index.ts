import type { Conversation } from '../../contract/conversation';
import { predictProbabilities, type LinearModel } from '../classifier/linear';
import type { Models } from '../models';
import { partPrefix, pushPartWords } from '../text/hashed-features';
import { messageTexts } from '../text/message-text';
import type { ReactionResult, SentimentResult } from '../types';

export const REACTION_CLASSES = ['displeased', 'neutral', 'pleased'] as const;

const OWN = partPrefix('m:');
const REPLY = partPrefix('r:');

/**
 * What the reaction classifier sees of customer message `seq`: its words and word pairs, those of
 * the reply it answers (a reaction is to something: "no, I said the north" after "no hotels
 * match"), and its sentiment score.
 */
export function reactionFeatures(conversation: Conversation, seq: number, sentiment: SentimentResult): { sparse: number[]; dense: number[] } {
  const texts = messageTexts(conversation);
  const sparse: number[] = [];
  pushPartWords(sparse, OWN, texts[seq]!.words);
  for (let i = seq - 1; i >= 0; i--) {
    const m = conversation.messages[i]!;
    if (m.role === 'agent' || m.role === 'bot') {
      pushPartWords(sparse, REPLY, texts[i]!.words);
      break;
    }
  }
  return { sparse, dense: [sentiment.messages[seq]!.sentiment] };
}

/**
 * How content the customer sounds with the reply each of their messages answers, in [-1, 1]:
 * P(pleased) - P(displeased) from a classifier trained on turn-by-turn satisfaction ratings. Empty
 * without a model.
 */
export function scoreReactions(conversation: Conversation, sentiment: SentimentResult, models: Models): ReactionResult {
  const model: LinearModel | null = models.reactions;
  if (!model) return { messages: [] };
  const pleased = model.classes.indexOf('pleased');
  const displeased = model.classes.indexOf('displeased');
  return {
    messages: reactingMessages(conversation).map((seq) => {
      const { sparse, dense } = reactionFeatures(conversation, seq, sentiment);
      const p = predictProbabilities(model, sparse, dense);
      return { seq, score: p[pleased]! - p[displeased]! };
    }),
  };
}

/** The customer messages with text that come after a reply: the ones that can react to something. */
export function reactingMessages(conversation: Conversation): number[] {
  let replied = false;
  const seqs: number[] = [];
  conversation.messages.forEach((m, seq) => {
    if (m.role === 'agent' || m.role === 'bot') replied = true;
    else if (m.role === 'customer' && replied && m.text.trim() !== '') seqs.push(seq);
  });
  return seqs;
}

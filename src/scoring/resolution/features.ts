import type { Conversation } from '../../contract/conversation';
import type { Models } from '../models';
import { partBigram, partPrefix, partWord } from '../text/hashed-features';
import { messageTexts } from '../text/message-text';
import type { ReactionResult, SentimentResult } from '../types';
import type { ConfirmationReading } from './confirmations';

export const RESOLUTION_CLASSES = ['unresolved', 'resolved'] as const;

/** What the resolution classifier sees; `owners[i]` is the message (seq) that produced `sparse[i]`. */
export interface ResolutionFeatures {
  sparse: number[];
  owners: number[];
  dense: number[];
}

/** The customer's last messages with text, folded: where confirmations and complaints are read. */
export type ClosingMessages = { seq: number; folded: string }[];

// Each message's words and bigrams are hashed under the prefix of every part it plays: the same
// word means one thing in the customer's last message ("fixed") and another in the agent's ("fixed
// in the next release").
const PART = {
  customer: partPrefix('cu:'),
  reply: partPrefix('ag:'),
  firstCustomer: partPrefix('fc:'),
  lastCustomer: partPrefix('lc:'),
  lastReply: partPrefix('la:'),
};
const CLOSING_MESSAGES = 2;

const squash = (count: number) => count / (count + 1);

const spokenMessages = (conversation: Conversation) =>
  conversation.messages.map((m, seq) => ({ role: m.role, text: m.text, seq })).filter((m) => m.role !== 'system' && m.text.trim() !== '');

export function closingMessages(conversation: Conversation): ClosingMessages {
  const texts = messageTexts(conversation);
  return spokenMessages(conversation)
    .filter((m) => m.role === 'customer')
    .slice(-CLOSING_MESSAGES)
    .map((m) => ({ seq: m.seq, folded: texts[m.seq]!.folded }));
}

export function resolutionFeatures(
  conversation: Conversation,
  closing: ClosingMessages,
  sentiment: SentimentResult,
  reactions: ReactionResult,
  confirmations: ConfirmationReading | null,
  models: Models,
): ResolutionFeatures {
  const texts = messageTexts(conversation);
  const spoken = spokenMessages(conversation);
  const customer = spoken.filter((m) => m.role === 'customer');
  const replies = spoken.filter((m) => m.role !== 'customer');
  const lastCustomer = customer[customer.length - 1];
  const lastReply = replies[replies.length - 1];

  const sparse: number[] = [];
  const owners: number[] = [];
  for (const m of spoken) {
    const parts = [m.role === 'customer' ? PART.customer : PART.reply];
    if (m === customer[0]) parts.push(PART.firstCustomer);
    if (m === lastCustomer) parts.push(PART.lastCustomer);
    if (m === lastReply) parts.push(PART.lastReply);
    let previous: string | null = null;
    for (const token of texts[m.seq]!.words) {
      for (const part of parts) {
        sparse.push(partWord(part, token));
        owners.push(m.seq);
        if (previous === null) continue;
        sparse.push(partBigram(part, previous, token));
        owners.push(m.seq);
      }
      previous = token;
    }
  }

  const cue = (match: (text: string) => string | null) => (closing.some((m) => match(m.folded) !== null) ? 1 : 0);
  const mood = sentiment.customer;
  const reactionScores = reactions.messages.map((m) => m.score);
  // The dense features, in the order the trained weights expect: the customer spoke last; customer
  // and reply counts; thanks, confirmation and still-broken cues in the closing messages; the
  // customer's end, minimum, mean and start sentiment; a question in the customer's and in the
  // reply's last message; the lowest and the last customer reaction; with a confirmation model,
  // its signals (confirmations.ts). Changing this list needs npm run train:conversations.
  return {
    sparse,
    owners,
    dense: [
      spoken[spoken.length - 1]?.role === 'customer' ? 1 : 0,
      squash(customer.length),
      squash(replies.length),
      cue(models.cues.thanks),
      cue(models.cues.confirmed),
      cue(models.cues.stillBroken),
      mood?.end ?? 0,
      mood?.min ?? 0,
      mood?.mean ?? 0,
      mood?.start ?? 0,
      lastCustomer?.text.includes('?') ? 1 : 0,
      lastReply?.text.includes('?') ? 1 : 0,
      reactionScores.length ? Math.min(...reactionScores) : 0,
      reactionScores[reactionScores.length - 1] ?? 0,
      ...(confirmations?.signals ?? []),
    ],
  };
}

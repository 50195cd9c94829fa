import type { Conversation } from '../../contract/conversation';
import type { ConversationScore } from '../types';

/**
 * What predicted satisfaction is computed from: the other stages' results, never the raw text,
 * so every prediction decomposes into these named factors. Groups name the factor a user sees.
 */
export const SATISFACTION_FEATURES = [
  ['sentiment', 'customer_end'],
  ['sentiment', 'customer_min'],
  ['sentiment', 'customer_mean'],
  ['sentiment', 'improving'],
  ['sentiment', 'worsening'],
  ['sentiment', 'agent_tone'],
  ['sentiment', 'bot_tone'],
  ['resolution', 'resolved'],
  ['resolution', 'unresolved'],
  ['reactions', 'reaction_min'],
  ['reactions', 'reaction_mean'],
  ['reactions', 'reaction_end'],
  ['abandonment', 'abandoned'],
  ['escalation', 'escalated'],
  ['escalation', 'bot_only'],
  ['escalation', 'asked_for_human'],
  ['effort', 'customer_turns'],
  ['effort', 'customer_words'],
  ['waits', 'first_response'],
  ['waits', 'total_wait'],
] as const;

export type SatisfactionFactor = (typeof SATISFACTION_FEATURES)[number][0];
export type SatisfactionFeatureName = (typeof SATISFACTION_FEATURES)[number][1];

/** The stage results satisfaction is predicted from. */
export type SatisfactionInputs = Pick<ConversationScore, 'sentiment' | 'resolution' | 'reactions' | 'abandonment' | 'escalation' | 'timing'>;

// log(1 + x) keeps a 40-turn or 3-hour conversation from dominating a linear model.
const log1p = (x: number) => Math.log1p(Math.max(0, x));

export function satisfactionFeatures(conversation: Conversation, s: SatisfactionInputs): number[] {
  const customer = s.sentiment.customer;
  const customerWords = conversation.messages
    .filter((m) => m.role === 'customer')
    .reduce((n, m) => n + m.text.split(/\s+/).filter(Boolean).length, 0);
  const reactions = s.reactions.messages.map((m) => m.score);
  return [
    customer?.end ?? 0,
    customer?.min ?? 0,
    customer?.mean ?? 0,
    customer?.trend === 'improving' ? 1 : 0,
    customer?.trend === 'worsening' ? 1 : 0,
    s.sentiment.agent ?? 0,
    s.sentiment.bot ?? 0,
    s.resolution.outcome === 'resolved' ? s.resolution.confidence : 0,
    s.resolution.outcome === 'unresolved' ? s.resolution.confidence : 0,
    reactions.length ? Math.min(...reactions) : 0,
    reactions.length ? reactions.reduce((a, b) => a + b, 0) / reactions.length : 0,
    reactions[reactions.length - 1] ?? 0,
    s.abandonment.outcome === 'none' ? 0 : 1,
    s.escalation.escalated ? 1 : 0,
    s.escalation.handledBy === 'bot' ? 1 : 0,
    s.escalation.customerAskedForHuman ? 1 : 0,
    log1p(s.timing.counts.customer),
    log1p(customerWords),
    log1p((s.timing.firstResponseSeconds ?? 0) / 60),
    log1p(s.timing.customerWaitSeconds / 60),
  ];
}

import type { Conversation } from '../../contract/conversation';
import type { Models } from '../models';
import { messageTexts } from '../text/message-text';
import { wordOverlap } from '../text/overlap';
import type { BreakdownResult, Evidence } from '../types';

// A bot message counts as repeating an earlier one when this share of the shorter one's words recur.
const REPEAT_OVERLAP = 0.8;
// ... and both have at least this many distinct words ("Ok." twice is not a loop).
const REPEAT_MIN_WORDS = 3;

/**
 * Bot messages where the bot lost the thread, each with the reason: it said it did not understand,
 * it repeated an earlier message of its own (a fallback loop), or the customer's very next message
 * shows confusion ("what do you mean?", "não foi isso que perguntei"). Rules, not a model: each flag
 * names a concrete, checkable reason, and none fires on ordinary support conversations (a model
 * trained on chit-chat dialogues did; see docs/evaluation.md).
 */
export function detectBreakdowns(conversation: Conversation, models: Models): BreakdownResult {
  const { messages } = conversation;
  const texts = messageTexts(conversation);
  const evidence: Evidence[] = [];
  const earlier: { seq: number; words: Set<string> }[] = [];
  messages.forEach((message, seq) => {
    if (message.role !== 'bot') return;
    const own = new Set(texts[seq]!.words);
    const reasons: string[] = [];
    if (models.cues.botFallback(texts[seq]!.folded)) reasons.push('the bot said it did not understand');
    const repeated = earlier.find((e) => Math.min(e.words.size, own.size) >= REPEAT_MIN_WORDS && wordOverlap(own, e.words) >= REPEAT_OVERLAP);
    if (repeated) reasons.push(`the bot repeated its message ${repeated.seq}`);
    const next = messages[seq + 1];
    if (next?.role === 'customer' && models.cues.confusedReaction(texts[seq + 1]!.folded)) reasons.push("the customer's reply shows confusion");
    if (reasons.length) evidence.push({ seq, reason: reasons.join('; ') });
    earlier.push({ seq, words: own });
  });
  return { count: evidence.length, evidence };
}

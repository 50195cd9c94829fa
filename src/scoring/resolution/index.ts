import type { Conversation } from '../../contract/conversation';
import type { Models } from '../models';
import { fold } from '../text/normalize';
import type { AbandonmentResult, Evidence, ResolutionResult, SentimentResult } from '../types';

// How many of the customer's final messages are read for confirmation or complaint.
const CLOSING_MESSAGES = 2;
// A customer ending below this sentiment, with no explicit cue, is taken as unresolved.
const NEGATIVE_ENDING = -0.4;

/**
 * v0 heuristics, in order: an abandoned conversation is unresolved; the customer saying it still
 * does not work beats everything else; then a resolved/reopened event; then the customer's thanks
 * or confirmation; then a clearly negative ending; else unknown.
 */
export function judgeResolution(
  conversation: Conversation,
  abandonment: AbandonmentResult,
  sentiment: SentimentResult,
  models: Models,
): ResolutionResult {
  const judged = judgeOutcome(conversation, abandonment, sentiment, models);
  const agents = new Set(conversation.messages.filter((m) => m.role === 'agent').map((m) => m.authorId ?? 'unnamed agent'));
  const reopened = conversation.events.some((e) => e.type === 'reopened');
  return { ...judged, singleTouch: judged.outcome === 'resolved' && !reopened && agents.size <= 1 };
}

function judgeOutcome(
  conversation: Conversation,
  abandonment: AbandonmentResult,
  sentiment: SentimentResult,
  models: Models,
): Omit<ResolutionResult, 'singleTouch'> {
  if (abandonment.outcome !== 'none') {
    return {
      outcome: 'unresolved',
      confidence: 0.8,
      evidence: [{ reason: `abandoned (${abandonment.outcome})` }, ...abandonment.evidence],
    };
  }

  const closing = conversation.messages
    .map((m, seq) => ({ ...m, seq }))
    .filter((m) => m.role === 'customer')
    .slice(-CLOSING_MESSAGES)
    .map((m) => ({ ...m, folded: fold(m.text) }));

  const broken = closing.flatMap((m): Evidence[] => {
    const phrase = models.cues.stillBroken(m.folded);
    return phrase ? [{ seq: m.seq, reason: `customer says it is not solved ("${phrase}")` }] : [];
  });
  if (broken.length) return { outcome: 'unresolved', confidence: 0.75, evidence: broken };

  const lifecycle = conversation.events.filter((e) => e.type === 'resolved' || e.type === 'reopened');
  const lastLifecycle = lifecycle[lifecycle.length - 1];
  const confirmations = closing.flatMap((m): Evidence[] => {
    const phrase = models.cues.confirmed(m.folded) ?? models.cues.thanks(m.folded);
    return phrase ? [{ seq: m.seq, reason: `customer confirms or thanks ("${phrase}")` }] : [];
  });

  if (lastLifecycle?.type === 'reopened') {
    return { outcome: 'unresolved', confidence: 0.6, evidence: [{ event: 'reopened', reason: 'reopened and not resolved again' }] };
  }
  if (lastLifecycle?.type === 'resolved') {
    return {
      outcome: 'resolved',
      confidence: confirmations.length ? 0.95 : 0.85,
      evidence: [{ event: 'resolved', reason: `marked resolved${lastLifecycle.by ? ` by ${lastLifecycle.by}` : ''}` }, ...confirmations],
    };
  }
  if (confirmations.length) return { outcome: 'resolved', confidence: 0.7, evidence: confirmations };

  const end = sentiment.customer?.end;
  if (end !== undefined && end <= NEGATIVE_ENDING) {
    const seq = closing[closing.length - 1]!.seq;
    return { outcome: 'unresolved', confidence: 0.55, evidence: [{ seq, reason: 'customer ends clearly negative' }] };
  }
  return { outcome: 'unknown', confidence: 0, evidence: [] };
}

import type { Conversation } from '../../contract/conversation';
import type { Models } from '../models';
import { messageTexts } from '../text/message-text';
import { isQuestion } from '../text/question';
import type { AbandonmentResult, EscalationResult } from '../types';

// WhatsApp's customer-service window: a business may reply freely only within 24 h of the customer.
const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * One outcome per conversation, checked in this order (the first that holds wins):
 * pre_engagement, in_queue, window_expired, bot_dropoff, post_reply_silence, else none.
 */
export function detectAbandonment(
  conversation: Conversation,
  escalation: EscalationResult,
  models: Models,
): AbandonmentResult {
  const texts = messageTexts(conversation);
  const messages = conversation.messages.map((m, seq) => ({ role: m.role, sentAt: m.sentAt, text: m.text, folded: texts[seq]!.folded, seq })).filter((m) => m.role !== 'system');
  const customer = messages.filter((m) => m.role === 'customer');

  if (customer.length === 0) {
    return { outcome: 'pre_engagement', evidence: [{ reason: 'the customer sent no message' }] };
  }

  const queuedAt =
    escalation.handoffAt ?? conversation.events.find((e) => e.type === 'queued')?.at ?? null;
  if (queuedAt && !messages.some((m) => m.role === 'agent' && m.sentAt >= queuedAt)) {
    return {
      outcome: 'in_queue',
      evidence: [{ event: escalation.escalated ? 'handoff' : 'queued', reason: 'waiting for a human who never replied' }],
    };
  }

  const lastCustomer = customer[customer.length - 1]!;
  if (conversation.channel === 'whatsapp') {
    const reply = messages.find((m) => m.seq > lastCustomer.seq && (m.role === 'agent' || m.role === 'bot'));
    if (reply && reply.sentAt.getTime() - lastCustomer.sentAt.getTime() > WHATSAPP_WINDOW_MS) {
      return {
        outcome: 'window_expired',
        evidence: [{ seq: reply.seq, reason: 'business replied after the 24 h WhatsApp window had closed' }],
      };
    }
  }

  const last = messages[messages.length - 1]!;
  if (last.role === 'customer') return { outcome: 'none', evidence: [] };

  // A closing "anything else?" after the customer confirmed is a polite ending, not an open question.
  const customerConfirmed = customer
    .slice(-2)
    .some((m) => models.cues.thanks(m.folded) !== null || models.cues.confirmed(m.folded) !== null);
  const openQuestion = isQuestion(last.text, last.folded, models) && !(customerConfirmed && models.cues.closingQuestion(last.folded));
  if (!openQuestion) return { outcome: 'none', evidence: [] };

  if (last.role === 'bot' && !escalation.escalated) {
    return { outcome: 'bot_dropoff', evidence: [{ seq: last.seq, reason: 'the customer left after a bot question' }] };
  }
  if (last.role === 'agent') {
    return {
      outcome: 'post_reply_silence',
      evidence: [{ seq: last.seq, reason: "the customer never answered the agent's question" }],
    };
  }
  return { outcome: 'none', evidence: [] };
}

import type { Conversation } from '../../contract/conversation';
import type { Models } from '../models';
import { messageTexts } from '../text/message-text';
import type { EscalationResult, Evidence, HandledBy } from '../types';

/**
 * Bot→human escalation from events when the source sends them, else from the transcript: a bot
 * spoke before the first agent message. The handoff moment is the handoff event, else the first
 * queued event after a bot spoke, else the last bot message before the first agent message.
 */
export function detectEscalation(conversation: Conversation, models: Models): EscalationResult {
  const { messages, events } = conversation;
  const evidence: Evidence[] = [];
  const firstAgent = messages.findIndex((m) => m.role === 'agent');
  const hasBot = messages.some((m) => m.role === 'bot');
  const handoffEvent = events.find((e) => e.type === 'handoff');
  const botBeforeAgent = firstAgent > 0 ? messages.slice(0, firstAgent).map((m) => m.role).lastIndexOf('bot') : -1;

  let handoffAt: Date | null = null;
  if (handoffEvent) {
    handoffAt = handoffEvent.at;
    evidence.push({ event: 'handoff', reason: 'handoff event' });
  } else if (hasBot) {
    const firstBotAt = messages.find((m) => m.role === 'bot')!.sentAt.getTime();
    const queued = events.find((e) => e.type === 'queued' && e.at.getTime() >= firstBotAt);
    if (queued) {
      handoffAt = queued.at;
      evidence.push({ event: 'queued', reason: 'queued for a human after the bot' });
    } else if (botBeforeAgent >= 0) {
      handoffAt = messages[botBeforeAgent]!.sentAt;
      evidence.push({ seq: botBeforeAgent, reason: 'last bot message before the first agent reply' });
    }
  }

  let customerAskedForHuman = false;
  const texts = messageTexts(conversation);
  messages.forEach((m, seq) => {
    if (m.role !== 'customer') return;
    const phrase = models.cues.humanRequest(texts[seq]!.folded);
    if (phrase) {
      customerAskedForHuman = true;
      evidence.push({ seq, reason: `customer asked for a human ("${phrase}")` });
    }
  });

  const hasAgent = firstAgent >= 0;
  const handledBy: HandledBy = hasBot && hasAgent ? 'both' : hasBot ? 'bot' : hasAgent ? 'human' : 'none';
  return { handledBy, escalated: handoffAt !== null, handoffAt, customerAskedForHuman, evidence };
}

import type { Conversation } from '../../contract/conversation';
import type { EscalationResult, TimingResult } from '../types';

const seconds = (ms: number) => ms / 1000;

/**
 * Clocks follow docs/kpis.md. A customer starts waiting at their first message not yet answered by
 * a human; only an agent message stops the clock (bot and system messages never do). After a
 * bot→human handoff nobody waits for a human before the handoff, so waits start no earlier than it.
 * First response time is the first such wait; reply times are all of them.
 */
export function measureTiming(conversation: Conversation, escalation: EscalationResult): TimingResult {
  const { messages } = conversation;
  const counts = { total: messages.length, customer: 0, agent: 0, bot: 0, system: 0 };
  const floor = escalation.handoffAt?.getTime() ?? -Infinity;
  const waits: TimingResult['waits'] = [];
  let waitingSince: number | null = null;

  for (const [seq, message] of messages.entries()) {
    counts[message.role]++;
    const at = message.sentAt.getTime();
    if (message.role === 'customer') {
      waitingSince ??= at;
    } else if (message.role === 'agent' && waitingSince !== null) {
      const start = Math.max(waitingSince, floor);
      if (at >= start) {
        waits.push({ from: new Date(start), to: message.sentAt, replySeq: seq });
        waitingSince = null;
      }
    }
  }

  const first = messages[0]!.sentAt.getTime();
  const last = messages[messages.length - 1]!.sentAt.getTime();
  const replyTimesSeconds = waits.map((w) => seconds(w.to.getTime() - w.from.getTime()));
  return {
    waits,
    firstResponseSeconds: replyTimesSeconds[0] ?? null,
    replyTimesSeconds,
    customerWaitSeconds: replyTimesSeconds.reduce((a, b) => a + b, 0),
    durationSeconds: seconds(last - first),
    counts,
  };
}

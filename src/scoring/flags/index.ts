import type { Conversation } from '../../contract/conversation';
import type { Models } from '../models';
import { messageTexts } from '../text/message-text';
import { wordOverlap } from '../text/overlap';
import type { ConversationScore, Evidence, Flag, FlagSeverity } from '../types';
import { forChannel, type FlagThresholds } from './thresholds';

// Two customer messages are one request repeated only when each has this many distinct words
// ("ok", "hello?" twice is not a repeated request).
const REPEAT_MIN_WORDS = 4;
/** A severity as a number, higher is worse: how the review queue sorts. */
export const SEVERITY_RANK: Record<FlagSeverity, number> = { high: 3, medium: 2, low: 1 };
/** The rank of a conversation's most severe flag, 0 without any. */
export const worstSeverity = (flags: readonly Flag[]) => Math.max(0, ...flags.map((f) => SEVERITY_RANK[f.severity]));
const ABANDONMENT_SEVERITY: Record<string, FlagSeverity> = {
  in_queue: 'high',
  post_reply_silence: 'medium',
  bot_dropoff: 'medium',
  window_expired: 'medium',
  pre_engagement: 'low',
};

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The reasons a QA reviewer should read this conversation, each with a severity and the messages
 * (or events) that show it, most severe first. Pure: the scores and the workspace's thresholds in,
 * flags out. Definitions: docs/kpis.md, "QA flags".
 */
export function raiseFlags(conversation: Conversation, score: ConversationScore, workspaceThresholds: FlagThresholds, models: Models): Flag[] {
  const { messages } = conversation;
  const thresholds = forChannel(workspaceThresholds, conversation.channel);
  const texts = messageTexts(conversation);
  const flags: Flag[] = [];
  const flag = (reason: Flag['reason'], severity: FlagSeverity, evidence: Evidence[], value?: number) =>
    flags.push({ reason, severity, ...(value === undefined ? {} : { value: round(value) }), evidence });
  const scored = score.sentiment.messages;
  const customerScores = scored.filter((m) => messages[m.seq]!.role === 'customer');

  const customer = score.sentiment.customer;
  const last = customerScores[customerScores.length - 1];
  if (customer && last && customer.end < thresholds.negativeEnding) {
    flag('negative_ending', customer.end <= -0.6 ? 'high' : 'medium', [{ seq: last.seq, reason: `the customer's last message scores ${round(customer.end)}` }], customer.end);
  }
  const first = customerScores[0];
  if (customer && first && last && first !== last && customer.start - customer.end >= thresholds.sentimentDrop) {
    flag('sentiment_drop', 'medium', [
      { seq: first.seq, reason: `started at ${round(customer.start)}` },
      { seq: last.seq, reason: `ended at ${round(customer.end)}` },
    ], customer.end - customer.start);
  }

  const abandonment = score.abandonment.outcome;
  if (abandonment !== 'none') {
    flag(`abandoned_${abandonment}`, ABANDONMENT_SEVERITY[abandonment]!, score.abandonment.evidence);
  } else if (score.resolution.outcome === 'unresolved') {
    flag('unresolved', 'medium', score.resolution.evidence, score.resolution.confidence);
  }

  const { waits, firstResponseSeconds } = score.timing;
  const waitEvidence = (w: (typeof waits)[number]) => ({ seq: w.replySeq, reason: `answered after ${Math.round((w.to.getTime() - w.from.getTime()) / 1000)} s` });
  if (firstResponseSeconds !== null && firstResponseSeconds > thresholds.slowFirstResponseSeconds) {
    const severity = firstResponseSeconds > 3 * thresholds.slowFirstResponseSeconds ? 'high' : 'medium';
    flag('slow_first_response', severity, [waitEvidence(waits[0]!)], firstResponseSeconds);
  }
  // Waits after the first response: the first one has its own flag.
  const long = waits.slice(1).filter((w) => (w.to.getTime() - w.from.getTime()) / 1000 > thresholds.longWaitSeconds);
  if (long.length) flag('long_wait', 'medium', long.map(waitEvidence), Math.max(...long.map((w) => (w.to.getTime() - w.from.getTime()) / 1000)));

  if (score.escalation.customerAskedForHuman) {
    // Asking for a person and never getting one matters more than asking and being handed over.
    const evidence = score.escalation.evidence.filter((e) => e.seq !== undefined && messages[e.seq]?.role === 'customer');
    flag('asked_for_human', score.escalation.escalated ? 'low' : 'medium', evidence.length ? evidence : score.escalation.evidence);
  }

  const abusive = messages.flatMap((m, seq): Evidence[] => {
    if (m.role === 'system') return [];
    const term = models.cues.abusive(texts[seq]!.folded);
    return term ? [{ seq, reason: `the ${m.role} wrote "${term}"` }] : [];
  });
  if (abusive.length) flag('abusive_language', 'high', abusive);

  if (score.breakdowns.count >= thresholds.botBreakdowns) {
    flag('bot_breakdown', score.breakdowns.count >= 3 ? 'high' : 'medium', score.breakdowns.evidence, score.breakdowns.count);
  }

  const repeated = repeatedRequests(conversation, thresholds.repeatedRequestOverlap);
  if (repeated.length) flag('repeated_request', 'medium', repeated);

  // An apology scores negative ("sorry for the delay") but is courtesy, not tone.
  const harsh = scored.filter(
    (m) => messages[m.seq]!.role === 'agent' && m.sentiment < thresholds.agentNegativeTone && !models.cues.apology(texts[m.seq]!.folded),
  );
  if (harsh.length) {
    const worst = Math.min(...harsh.map((m) => m.sentiment));
    flag('agent_negative_tone', worst <= -0.7 ? 'high' : 'medium', harsh.map((m) => ({ seq: m.seq, reason: `the agent's message scores ${round(m.sentiment)}` })), worst);
  }

  const { satisfaction, outcomes } = score;
  // A survey answer is the customer's own word: the prediction is flagged only without one.
  if (satisfaction.surveyed === null && satisfaction.predicted <= thresholds.lowPredictedCsat) {
    const lowest = customerScores.reduce<(typeof customerScores)[number] | undefined>((low, m) => (!low || m.sentiment < low.sentiment ? m : low), undefined);
    const factors = Object.entries(satisfaction.factors)
      .filter(([, v]) => (v ?? 0) < 0)
      .sort((a, b) => a[1]! - b[1]!)
      .slice(0, 3)
      .map(([k, v]) => `${k} ${round(v!)}`);
    const reason = `predicted ${round(satisfaction.predicted)}${factors.length ? `; lowered by ${factors.join(', ')}` : ''}`;
    flag('low_predicted_satisfaction', 'medium', [lowest ? { seq: lowest.seq, reason } : { reason }], satisfaction.predicted);
  }
  const detractor: Evidence[] = [
    ...(outcomes.surveyCsat !== null && outcomes.surveyCsat <= thresholds.detractorCsat ? [{ event: 'survey', reason: `CSAT ${outcomes.surveyCsat}` }] : []),
    ...(outcomes.surveyNps !== null && outcomes.surveyNps <= thresholds.detractorNps ? [{ event: 'survey', reason: `NPS ${outcomes.surveyNps}` }] : []),
  ];
  if (detractor.length) {
    const severe = outcomes.surveyCsat === 1 || (outcomes.surveyNps !== null && outcomes.surveyNps <= 3);
    flag('survey_detractor', severe ? 'high' : 'medium', detractor);
  }

  return flags.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

/** Customer messages that say again what an earlier one said, each pointing at the earlier one. */
function repeatedRequests(conversation: Conversation, threshold: number): Evidence[] {
  const texts = messageTexts(conversation);
  const earlier: { seq: number; words: Set<string> }[] = [];
  const evidence: Evidence[] = [];
  conversation.messages.forEach((m, seq) => {
    if (m.role !== 'customer') return;
    const words = new Set(texts[seq]!.words);
    if (words.size < REPEAT_MIN_WORDS) return;
    const same = earlier.find((e) => wordOverlap(words, e.words) >= threshold);
    if (same) evidence.push({ seq: same.seq, reason: 'asked' }, { seq, reason: `asked again (message ${same.seq})` });
    earlier.push({ seq, words });
  });
  return evidence;
}

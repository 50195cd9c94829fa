import { ABANDONMENT_TYPES, FLAG_REASONS } from '../scoring/types';

const num = (v: unknown) => Number(v ?? 0);
const orNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Wilson score interval at 95%: sound at small n, where the normal approximation is not. */
export function wilson(successes: number, n: number): { low: number; high: number } | null {
  if (n === 0) return null;
  const z = 1.959964;
  const p = successes / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

const times = (r: Record<string, unknown> | undefined) => ({
  n: num(r?.n),
  median: orNull(r?.median),
  p90: orNull(r?.p90),
  mean: orNull(r?.mean),
  sd: orNull(r?.sd),
});

function clocks(r: Record<string, unknown>, clock: 'calendar' | 'business', replies: Record<string, unknown> | undefined) {
  const at = (name: string) => r[`${clock}_${name}`];
  return {
    firstResponseSeconds: times({ n: at('frt_n'), median: at('frt_median'), p90: at('frt_p90'), mean: at('frt_mean'), sd: at('frt_sd') }),
    replySeconds: times(replies),
    customerWaitSeconds: { n: num(at('frt_n')), median: orNull(at('wait_median')), mean: orNull(at('wait_mean')), sd: orNull(at('wait_sd')) },
  };
}

/** One group's KPIs, read from its aggregate row (the raw statement's, or a rollup cell's as cellAsRow gives it). */
export function kpiMetrics(
  r: Record<string, unknown>,
  replies: { calendar?: Record<string, unknown>; business?: Record<string, unknown> },
  fcrWindowDays: number,
) {
  const scored = num(r.scored);
  const engaged = num(r.engaged);
  const csatN = num(r.csat_n);
  const npsN = num(r.nps_n);
  const botHandled = num(r.bot_handled);
  const converted = num(r.converted);
  return {
    conversations: num(r.conversations),
    scored,
    engagement: { engaged, rate: rate(engaged, scored), messagesPerConversation: orNull(r.messages_per_conversation) },
    sentiment: {
      n: num(r.sentiment_n),
      mean: orNull(r.sentiment_mean),
      sd: orNull(r.sentiment_sd),
      negative: num(r.sentiment_negative),
      negativeShare: rate(num(r.sentiment_negative), num(r.sentiment_n)),
      changeN: num(r.change_n),
      meanChange: orNull(r.change_mean),
    },
    resolution: {
      resolved: num(r.resolved),
      rate: rate(num(r.resolved), scored),
      fcr: { n: num(r.fcr_n), resolved: num(r.fcr_true), rate: rate(num(r.fcr_true), num(r.fcr_n)), windowDays: fcrWindowDays },
      reopen: { resolvedEvents: num(r.resolve_events), reopened: num(r.reopened), rate: rate(num(r.reopened), num(r.resolve_events)) },
    },
    abandonment: {
      abandoned: num(r.abandoned),
      rate: rate(num(r.abandoned), scored),
      byType: Object.fromEntries(
        ABANDONMENT_TYPES.map((t) => [t, { n: num(r[`abandoned_${t}`]), rate: rate(num(r[`abandoned_${t}`]), scored) }]),
      ),
    },
    bot: {
      handled: botHandled,
      escalated: num(r.bot_escalated),
      escalationRate: rate(num(r.bot_escalated), botHandled),
      abandoned: num(r.bot_abandoned),
      abandonmentRate: rate(num(r.bot_abandoned), botHandled),
      contained: num(r.bot_contained),
      containmentRate: rate(num(r.bot_contained), botHandled),
    },
    csat: { answered: csatN, responseRate: rate(csatN, engaged), satisfied: num(r.csat_top2), score: rate(num(r.csat_top2), csatN), interval95: wilson(num(r.csat_top2), csatN) },
    nps: {
      n: npsN,
      promoters: num(r.nps_promoters),
      detractors: num(r.nps_detractors),
      score: npsN === 0 ? null : (100 * (num(r.nps_promoters) - num(r.nps_detractors))) / npsN,
    },
    predictedCsat: {
      n: num(r.predicted_n),
      mean: orNull(r.predicted_mean),
      sd: orNull(r.predicted_sd),
      distribution: Object.fromEntries([1, 2, 3, 4, 5].map((k) => [k, num(r[`predicted_${k}`])])),
    },
    ...clocks(r, 'calendar', replies.calendar),
    // The same clocks in the workspace's business hours (conversations scored while it had some).
    business: clocks(r, 'business', replies.business),
    durationSeconds: { n: num(r.duration_n), median: orNull(r.duration_median), mean: orNull(r.duration_mean), sd: orNull(r.duration_sd) },
    // Conversations whose resolution, abandonment, intent, sentiment or satisfaction came from a reviewer.
    reviewed: num(r.reviewed),
    // Scored with flags (scorer 0.4.0 on); `flagged`: with at least one.
    qa: {
      n: num(r.qa_n),
      flagged: num(r.qa_flagged),
      rate: rate(num(r.qa_flagged), num(r.qa_n)),
      // Conversations with at least one flag of each reason (one conversation can have several).
      byReason: Object.fromEntries(FLAG_REASONS.map((reason) => [reason, num(r[`flag_${reason}`])])),
    },
    conversion: {
      converted,
      rate: rate(converted, num(r.conversations)),
      // Values in different currencies are not added up.
      value: num(r.conversion_currencies) <= 1 && converted > 0 ? orNull(r.conversion_value) : null,
      currency: num(r.conversion_currencies) === 1 ? (r.conversion_currency as string) : num(r.conversion_currencies) > 1 ? 'mixed' : null,
    },
  };
}

export type KpiMetrics = ReturnType<typeof kpiMetrics>;

export interface KpiResult {
  summary: KpiMetrics;
  series: (KpiMetrics & { bucket?: string; dimensions?: Record<string, string | null> })[];
}


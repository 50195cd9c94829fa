import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { CONVERSATIONS_WITH_SCORES, filterConditions, type ConversationFilter } from './conversation-filter';

/** Dimensions a KPI can be grouped by; `attr.KEY` groups by any attribute. */
export const KPI_DIMENSIONS = ['channel', 'source', 'language', 'handledBy', 'intent', 'agent', 'team'] as const;
export type KpiDimension = (typeof KPI_DIMENSIONS)[number] | `attr.${string}`;
export const KPI_INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export type KpiInterval = (typeof KPI_INTERVALS)[number];

export interface KpiQuery {
  filter: ConversationFilter & { from: Date; to: Date };
  timeZone: string; // IANA name, validated by the caller
  interval?: KpiInterval;
  groupBy: KpiDimension[];
  fcrWindowDays: number;
}

// The SQL of each dimension over the base rows. The agent is whoever sent the first human reply; the
// team is the last `assigned` event's team.
const DIMENSION_SQL: Record<(typeof KPI_DIMENSIONS)[number], SQL> = {
  channel: sql`c.channel`,
  source: sql`c.source`,
  language: sql`s.language`,
  handledBy: sql`s.handled_by`,
  intent: sql`s.intent`,
  agent: sql`(select m.author_id from messages m where m.conversation_id = c.id and m.role = 'agent' order by m.seq limit 1)`,
  team: sql`(select e ->> 'team' from jsonb_array_elements(c.events) with ordinality as x(e, i)
             where e ->> 'type' = 'assigned' and e ? 'team' order by i desc limit 1)`,
};

const dimensionSql = (d: KpiDimension) => (d.startsWith('attr.') ? sql`c.attributes ->> ${d.slice(5)}` : DIMENSION_SQL[d as keyof typeof DIMENSION_SQL]);

/**
 * One row per conversation in the population, with the per-conversation facts every KPI reads.
 * Definitions: docs/kpis.md.
 */
function baseRows(q: KpiQuery): SQL {
  const [d1, d2] = q.groupBy;
  return sql`
    select c.message_count, s.conversation_id is not null as scored,
           ${q.interval ? sql`date_trunc(${q.interval}, c.started_at at time zone ${q.timeZone})` : sql`null::timestamp`} as bucket,
           ${d1 ? dimensionSql(d1) : sql`null::text`} as d1,
           ${d2 ? dimensionSql(d2) : sql`null::text`} as d2,
           s.customer_messages, s.bot_messages, s.abandonment, s.resolution, s.escalated,
           s.customer_sentiment, s.customer_sentiment_start, s.customer_sentiment_end, s.sentiment_trend,
           s.first_response_seconds, s.reply_times_seconds, s.customer_wait_seconds, s.duration_seconds,
           s.first_response_business_seconds, s.reply_times_business_seconds, s.customer_wait_business_seconds,
           s.survey_csat, s.survey_nps, s.predicted_csat, s.converted, s.conversion_value,
           s.details ->> 'conversionCurrency' as conversion_currency,
           exists (select 1 from jsonb_array_elements(c.events) e where e ->> 'type' = 'resolved') as resolve_event,
           exists (select 1 from jsonb_array_elements(c.events) e where e ->> 'type' = 'reopened') as reopen_event,
           case when s.resolved_single_touch is null or c.customer_id is null then null
                when not s.resolved_single_touch then false
                else not exists (
                  select 1 from conversations n
                  where n.workspace_id = c.workspace_id and n.customer_id = c.customer_id and n.id <> c.id
                    and n.started_at > c.started_at and n.started_at <= c.ended_at + make_interval(days => ${q.fcrWindowDays}))
           end as fcr
    from ${CONVERSATIONS_WITH_SCORES}
    where ${filterConditions(q.filter)}`;
}

const ABANDONMENT_TYPES = ['pre_engagement', 'in_queue', 'bot_dropoff', 'post_reply_silence', 'window_expired'] as const;
/** Below this mean customer sentiment a conversation counts as negative (the ±0.2 bands of KPI-DEFINITIONS 1.10). */
const NEGATIVE_SENTIMENT = -0.2;

// Keys that are not asked for are a constant null in every row, so grouping by all three always
// groups by exactly the requested ones.
const GROUPING = sql`grouping sets ((), (bucket, d1, d2))`;

const groupColumns = sql`grouping(bucket, d1, d2) = 7 as is_summary,
  to_char(bucket, 'YYYY-MM-DD"T"HH24:MI') as bucket, d1, d2`;

async function metricRows(db: Database, q: KpiQuery) {
  return db.execute<Record<string, unknown>>(sql`
    with base as (${baseRows(q)})
    select ${groupColumns},
      count(*) as conversations,
      count(*) filter (where scored) as scored,
      count(*) filter (where customer_messages > 0 and abandonment <> 'pre_engagement') as engaged,
      avg(message_count)::float8 as messages_per_conversation,
      count(customer_sentiment) as sentiment_n,
      avg(customer_sentiment)::float8 as sentiment_mean,
      stddev_samp(customer_sentiment)::float8 as sentiment_sd,
      count(*) filter (where customer_sentiment < ${NEGATIVE_SENTIMENT}) as sentiment_negative,
      count(sentiment_trend) as change_n,
      avg(customer_sentiment_end - customer_sentiment_start) filter (where sentiment_trend is not null)::float8 as change_mean,
      count(*) filter (where resolution = 'resolved') as resolved,
      count(fcr) as fcr_n,
      count(*) filter (where fcr) as fcr_true,
      count(*) filter (where resolve_event) as resolve_events,
      count(*) filter (where resolve_event and reopen_event) as reopened,
      count(*) filter (where abandonment <> 'none') as abandoned,
      ${sql.join(ABANDONMENT_TYPES.map((t) => sql`count(*) filter (where abandonment = ${t}) as ${sql.identifier(`abandoned_${t}`)}`), sql`, `)},
      count(*) filter (where bot_messages > 0) as bot_handled,
      count(*) filter (where bot_messages > 0 and escalated) as bot_escalated,
      count(*) filter (where bot_messages > 0 and not escalated and abandonment <> 'none') as bot_abandoned,
      count(*) filter (where bot_messages > 0 and not escalated and abandonment = 'none') as bot_contained,
      count(survey_csat) as csat_n,
      count(*) filter (where survey_csat >= 4) as csat_top2,
      count(survey_nps) as nps_n,
      count(*) filter (where survey_nps >= 9) as nps_promoters,
      count(*) filter (where survey_nps <= 6) as nps_detractors,
      count(predicted_csat) as predicted_n,
      avg(predicted_csat)::float8 as predicted_mean,
      stddev_samp(predicted_csat)::float8 as predicted_sd,
      ${sql.join([1, 2, 3, 4, 5].map((k) => sql`count(*) filter (where round(predicted_csat) = ${k}) as ${sql.identifier(`predicted_${k}`)}`), sql`, `)},
      ${clockColumns('calendar', 'first_response_seconds', 'customer_wait_seconds')},
      ${clockColumns('business', 'first_response_business_seconds', 'customer_wait_business_seconds')},
      count(duration_seconds) as duration_n,
      percentile_cont(0.5) within group (order by duration_seconds) as duration_median,
      avg(duration_seconds) as duration_mean,
      stddev_samp(duration_seconds) as duration_sd,
      count(*) filter (where converted) as converted,
      sum(conversion_value) filter (where converted) as conversion_value,
      count(distinct conversion_currency) filter (where converted) as conversion_currencies,
      min(conversion_currency) filter (where converted) as conversion_currency
    from base
    group by ${GROUPING}
    order by is_summary desc, bucket, d1, d2`);
}

/** First response n, median, p90, mean and sd, and the waiting time of conversations with one, as `${clock}_…`. */
function clockColumns(clock: 'calendar' | 'business', firstResponse: string, wait: string): SQL {
  const f = sql.identifier(firstResponse);
  const w = sql.identifier(wait);
  const as = (name: string) => sql.identifier(`${clock}_${name}`);
  const answered = sql`filter (where ${f} is not null)`;
  return sql`count(${f}) as ${as('frt_n')},
      percentile_cont(0.5) within group (order by ${f}) as ${as('frt_median')},
      percentile_cont(0.9) within group (order by ${f}) as ${as('frt_p90')},
      avg(${f}) as ${as('frt_mean')},
      stddev_samp(${f}) as ${as('frt_sd')},
      percentile_cont(0.5) within group (order by ${w}) ${answered} as ${as('wait_median')},
      avg(${w}) ${answered} as ${as('wait_mean')},
      stddev_samp(${w}) ${answered} as ${as('wait_sd')}`;
}

/** Reply times are one value per human reply, not per conversation: aggregated over the unnested replies. */
async function replyRows(db: Database, q: KpiQuery, column: 'reply_times_seconds' | 'reply_times_business_seconds') {
  return db.execute<Record<string, unknown>>(sql`
    with base as (${baseRows(q)})
    select ${groupColumns},
      count(*) as n,
      percentile_cont(0.5) within group (order by r) as median,
      percentile_cont(0.9) within group (order by r) as p90,
      avg(r) as mean,
      stddev_samp(r) as sd
    from base cross join lateral unnest(${sql.identifier(column)}) as r
    group by ${GROUPING}`);
}

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

function metrics(
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
    conversion: {
      converted,
      rate: rate(converted, num(r.conversations)),
      // Values in different currencies are not added up.
      value: num(r.conversion_currencies) <= 1 && converted > 0 ? orNull(r.conversion_value) : null,
      currency: num(r.conversion_currencies) === 1 ? (r.conversion_currency as string) : num(r.conversion_currencies) > 1 ? 'mixed' : null,
    },
  };
}

export type KpiMetrics = ReturnType<typeof metrics>;

export interface KpiResult {
  summary: KpiMetrics;
  series: (KpiMetrics & { bucket?: string; dimensions?: Record<string, string | null> })[];
}

/**
 * The summary and every group of the series from the same statement (GROUPING SETS), so a
 * summary always equals what its series add up to.
 */
export async function queryKpis(db: Database, q: KpiQuery): Promise<KpiResult> {
  const [rows, replies, businessReplies] = await Promise.all([
    metricRows(db, q),
    replyRows(db, q, 'reply_times_seconds'),
    replyRows(db, q, 'reply_times_business_seconds'),
  ]);
  const key = (r: Record<string, unknown>) => JSON.stringify([r.is_summary, r.bucket, r.d1, r.d2]);
  const calendar = new Map([...replies].map((r) => [key(r), r]));
  const business = new Map([...businessReplies].map((r) => [key(r), r]));
  const build = (r: Record<string, unknown>) => metrics(r, { calendar: calendar.get(key(r)), business: business.get(key(r)) }, q.fcrWindowDays);
  const all = [...rows];
  const summary = all.find((r) => r.is_summary === true);
  return {
    summary: build(summary ?? { is_summary: true }),
    series: all
      .filter((r) => r.is_summary !== true && (q.interval !== undefined || q.groupBy.length > 0))
      .map((r) => ({
        ...(q.interval ? { bucket: r.bucket as string } : {}),
        ...(q.groupBy.length ? { dimensions: Object.fromEntries(q.groupBy.map((d, i) => [d, (i === 0 ? r.d1 : r.d2) as string | null])) } : {}),
        ...build(r),
      })),
  };
}

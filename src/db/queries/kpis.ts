import { sql, type SQL } from 'drizzle-orm';
import { ABANDONMENT_TYPES, FLAG_REASONS } from '../../scoring/types';
import { kpiMetrics, type KpiResult } from '../../kpis/metrics';
import type { Database } from '../client';
import { baseRows, type KpiQuery } from './kpi-base';
import { queryRollupKpis } from './kpi-rollups';

export { KPI_DIMENSIONS, KPI_INTERVALS, type KpiDimension, type KpiInterval } from '../../kpis/dimensions';
export type { KpiQuery } from './kpi-base';

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
      count(*) filter (where sentiment_negative) as sentiment_negative,
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
      ${sql.join([1, 2, 3, 4, 5].map((k) => sql`count(*) filter (where predicted_level = ${k}) as ${sql.identifier(`predicted_${k}`)}`), sql`, `)},
      ${clockColumns('calendar', 'first_response_seconds', 'customer_wait_seconds')},
      ${clockColumns('business', 'first_response_business_seconds', 'customer_wait_business_seconds')},
      count(duration_seconds) as duration_n,
      percentile_cont(0.5) within group (order by duration_seconds) as duration_median,
      avg(duration_seconds) as duration_mean,
      stddev_samp(duration_seconds) as duration_sd,
      count(*) filter (where reviewed) as reviewed,
      count(flagged) as qa_n,
      count(*) filter (where flagged) as qa_flagged,
      ${sql.join(FLAG_REASONS.map((reason) => sql`count(*) filter (where ${reason} = any(flag_reasons)) as ${sql.identifier(`flag_${reason}`)}`), sql`, `)},
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

/**
 * KPIs from the rollups when they can answer the query (kpi-rollups.ts), otherwise from the
 * conversations themselves: when `exact` is asked for, and when the population is smaller than
 * `exactBelow` (then the exact answer is about as fast).
 */
export async function queryKpis(
  db: Database,
  q: KpiQuery,
  options: { exact?: boolean; exactBelow?: number } = {},
): Promise<KpiResult & { computedFrom: 'rollups' | 'conversations' }> {
  const rolledUp = options.exact ? null : await queryRollupKpis(db, q);
  return rolledUp && rolledUp.summary.conversations >= (options.exactBelow ?? 0)
    ? { ...rolledUp, computedFrom: 'rollups' }
    : { ...(await queryRawKpis(db, q)), computedFrom: 'conversations' };
}

/**
 * The summary and every group of the series from the same statement (GROUPING SETS), so a
 * summary always equals what its series add up to. Percentiles are exact.
 */
export async function queryRawKpis(db: Database, q: KpiQuery): Promise<KpiResult> {
  const [rows, replies, businessReplies] = await Promise.all([
    metricRows(db, q),
    replyRows(db, q, 'reply_times_seconds'),
    replyRows(db, q, 'reply_times_business_seconds'),
  ]);
  const key = (r: Record<string, unknown>) => JSON.stringify([r.is_summary, r.bucket, r.d1, r.d2]);
  const calendar = new Map([...replies].map((r) => [key(r), r]));
  const business = new Map([...businessReplies].map((r) => [key(r), r]));
  const build = (r: Record<string, unknown>) => kpiMetrics(r, { calendar: calendar.get(key(r)), business: business.get(key(r)) }, q.fcrWindowDays);
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

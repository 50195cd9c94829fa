import { sql, type SQL } from 'drizzle-orm';
import { KPI_DIMENSIONS, type KpiDimension, type KpiInterval } from '../../kpis/dimensions';
import { NEGATIVE_SENTIMENT } from '../../kpis/rollup/cell';
import { AGENT_SQL, CONVERSATIONS_WITH_SCORES, filterConditions, TEAM_SQL, type ConversationFilter } from './conversation-filter';


export interface KpiQuery {
  filter: ConversationFilter & { from: Date; to: Date };
  timeZone: string; // IANA name, validated by the caller
  interval?: KpiInterval;
  groupBy: KpiDimension[];
  fcrWindowDays: number;
}

// The SQL of each dimension over the base rows.
export const DIMENSION_SQL: Record<(typeof KPI_DIMENSIONS)[number], SQL> = {
  channel: sql`c.channel`,
  source: sql`c.source`,
  language: sql`s.language`,
  handledBy: sql`s.handled_by`,
  intent: sql`s.intent`,
  agent: AGENT_SQL,
  team: TEAM_SQL,
};

const dimensionSql = (d: KpiDimension) => (d.startsWith('attr.') ? sql`c.attributes ->> ${d.slice(5)}` : DIMENSION_SQL[d as keyof typeof DIMENSION_SQL]);

/**
 * One row per conversation in the population, with the per-conversation facts every KPI reads
 * (reals as float8, so the rollups read exactly the values the aggregates see), and `extra` columns.
 * Definitions: docs/kpis.md.
 */
export function baseRows(q: KpiQuery, extra: SQL = sql``): SQL {
  const [d1, d2] = q.groupBy;
  return sql`
    select c.message_count, s.conversation_id is not null as scored, ${extra}
           ${q.interval ? sql`date_trunc(${q.interval}, c.started_at at time zone ${q.timeZone})` : sql`null::timestamp`} as bucket,
           ${d1 ? dimensionSql(d1) : sql`null::text`} as d1,
           ${d2 ? dimensionSql(d2) : sql`null::text`} as d2,
           s.customer_messages, s.bot_messages, s.abandonment, s.resolution, s.escalated,
           s.customer_sentiment::float8, s.customer_sentiment_start::float8, s.customer_sentiment_end::float8, s.sentiment_trend,
           s.customer_sentiment < ${NEGATIVE_SENTIMENT} as sentiment_negative, round(s.predicted_csat)::int as predicted_level,
           s.first_response_seconds, s.reply_times_seconds, s.customer_wait_seconds, s.duration_seconds,
           s.first_response_business_seconds, s.reply_times_business_seconds, s.customer_wait_business_seconds,
           s.survey_csat, s.survey_nps, s.predicted_csat::float8, s.converted, s.flagged, s.conversion_value,
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


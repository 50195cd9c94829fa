import { sql, type SQL } from 'drizzle-orm';
import { KPI_DIMENSIONS, type KpiDimension, type KpiInterval } from '../../kpis/dimensions';
import { NEGATIVE_SENTIMENT } from '../../kpis/sentiment-bands';
import { AGENT_SQL, CONVERSATIONS_WITH_SCORES, filterConditions, label, TEAM_SQL, type ConversationFilter } from './conversation-filter';


export interface KpiQuery {
  filter: ConversationFilter & { from: Date; to: Date };
  timeZone: string; // IANA name, validated by the caller
  interval?: KpiInterval;
  groupBy: KpiDimension[];
  fcrWindowDays: number;
}

// The SQL of each dimension over the base rows (the intent as a reviewer corrected it, with overrides on).
export function dimensionSql(d: KpiDimension, overrides = true): SQL {
  if (d.startsWith('attr.')) return sql`c.attributes ->> ${d.slice(5)}`;
  const named: Record<(typeof KPI_DIMENSIONS)[number], SQL> = {
    channel: sql`c.channel`,
    source: sql`c.source`,
    language: sql`s.language`,
    handledBy: sql`s.handled_by`,
    intent: label('intent', overrides),
    agent: AGENT_SQL,
    team: TEAM_SQL,
  };
  return named[d as keyof typeof named];
}

/**
 * The labels a reviewer can correct, as the KPIs read them: the latest review's values where one
 * gave them (with overrides on), else Parley's. A reviewer's `unresolved` also ends first-contact
 * resolution; a reviewer's `resolved` does not start it (Parley never saw a single touch).
 */
function reviewed(overrides: boolean) {
  const resolution = label('resolution', overrides);
  return {
    resolution,
    abandonment: label('abandonment', overrides),
    sentimentNegative: overrides
      ? sql`case when rv.labels ? 'sentiment' then rv.labels ->> 'sentiment' = 'negative' else s.customer_sentiment < ${NEGATIVE_SENTIMENT} end`
      : sql`s.customer_sentiment < ${NEGATIVE_SENTIMENT}`,
    predicted: overrides ? sql`coalesce((rv.labels ->> 'satisfaction')::float8, s.predicted_csat::float8)` : sql`s.predicted_csat::float8`,
    singleTouch: overrides ? sql`case when ${resolution} <> 'resolved' then false else s.resolved_single_touch end` : sql`s.resolved_single_touch`,
    applied: overrides ? sql`rv.labels is not null and s.conversation_id is not null` : sql`false`,
  };
}

/**
 * One row per conversation in the population, with the per-conversation facts every KPI reads
 * (reals as float8, so the rollups read exactly the values the aggregates see), and `extra` columns.
 * Definitions: docs/kpis.md.
 */
export function baseRows(q: KpiQuery, extra: SQL = sql``): SQL {
  const [d1, d2] = q.groupBy;
  const overrides = q.filter.overrides !== false;
  const r = reviewed(overrides);
  return sql`
    select c.message_count, s.conversation_id is not null as scored, ${extra}
           ${q.interval ? sql`date_trunc(${q.interval}, c.started_at at time zone ${q.timeZone})` : sql`null::timestamp`} as bucket,
           ${d1 ? dimensionSql(d1, overrides) : sql`null::text`} as d1,
           ${d2 ? dimensionSql(d2, overrides) : sql`null::text`} as d2,
           s.customer_messages, s.bot_messages, ${r.abandonment} as abandonment, ${r.resolution} as resolution, s.escalated,
           s.customer_sentiment::float8, s.customer_sentiment_start::float8, s.customer_sentiment_end::float8, s.sentiment_trend,
           ${r.sentimentNegative} as sentiment_negative, round(${r.predicted})::int as predicted_level,
           s.first_response_seconds, s.reply_times_seconds, s.customer_wait_seconds, s.duration_seconds,
           s.first_response_business_seconds, s.reply_times_business_seconds, s.customer_wait_business_seconds,
           s.survey_csat, s.survey_nps, ${r.predicted} as predicted_csat, s.converted, s.flagged, s.conversion_value,
           ${r.applied} as reviewed,
           (select coalesce(array_agg(distinct f ->> 'reason'), '{}') from jsonb_array_elements(s.flags) f) as flag_reasons,
           s.details ->> 'conversionCurrency' as conversion_currency,
           exists (select 1 from jsonb_array_elements(c.events) e where e ->> 'type' = 'resolved') as resolve_event,
           exists (select 1 from jsonb_array_elements(c.events) e where e ->> 'type' = 'reopened') as reopen_event,
           case when ${r.singleTouch} is null or c.customer_id is null then null
                when not ${r.singleTouch} then false
                else not exists (
                  select 1 from conversations n
                  where n.workspace_id = c.workspace_id and n.customer_id = c.customer_id and n.id <> c.id
                    and n.started_at > c.started_at and n.started_at <= c.ended_at + make_interval(days => ${q.fcrWindowDays}))
           end as fcr
    from ${CONVERSATIONS_WITH_SCORES}
    where ${filterConditions(q.filter)}`;
}


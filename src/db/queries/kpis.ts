import { sql } from 'drizzle-orm';
import type { Database } from '../client';

export interface KpiQuery {
  workspaceId: string;
  from: Date;
  to: Date; // exclusive
  timeZone: string; // IANA name, validated by the caller
}

export interface KpiValues {
  conversations: number;
  scored: number;
  meanCustomerSentiment: number | null;
  resolved: number;
  resolutionRate: number | null;
  abandoned: number;
  abandonmentRate: number | null;
  firstResponses: number;
  medianFirstResponseSeconds: number | null;
}

export interface KpiResult {
  summary: KpiValues;
  byDay: (KpiValues & { day: string })[];
  byChannel: (KpiValues & { channel: string })[];
}

interface KpiRow extends Record<string, unknown> {
  grouped_by: 'all' | 'day' | 'channel';
  day: string | null;
  channel: string | null;
  conversations: string;
  scored: string;
  mean_customer_sentiment: number | null;
  resolved: string;
  abandoned: string;
  first_responses: string;
  median_first_response_seconds: number | null;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function values(row: KpiRow): KpiValues {
  const scored = Number(row.scored);
  const resolved = Number(row.resolved);
  const abandoned = Number(row.abandoned);
  return {
    conversations: Number(row.conversations),
    scored,
    meanCustomerSentiment: row.mean_customer_sentiment,
    resolved,
    resolutionRate: rate(resolved, scored),
    abandoned,
    abandonmentRate: rate(abandoned, scored),
    firstResponses: Number(row.first_responses),
    medianFirstResponseSeconds: row.median_first_response_seconds,
  };
}

/**
 * Summary, per local day and per channel in one pass (GROUPING SETS), so the three always agree.
 * Definitions: docs/kpis.md. Each conversation counts once, on the local day of its first message,
 * with its most recently written scores.
 */
export async function queryKpis(db: Database, q: KpiQuery): Promise<KpiResult> {
  const result = await db.execute<KpiRow>(sql`
    with base as (
      select c.channel,
             to_char(c.started_at at time zone ${q.timeZone}, 'YYYY-MM-DD') as day,
             s.conversation_id is not null as scored,
             s.customer_sentiment, s.resolution, s.abandonment, s.first_response_seconds
      from conversations c
      left join lateral (
        select * from conversation_scores s
        where s.conversation_id = c.id
        order by s.scored_at desc
        limit 1
      ) s on true
      where c.workspace_id = ${q.workspaceId}
        and c.started_at >= ${q.from.toISOString()}::timestamptz
        and c.started_at < ${q.to.toISOString()}::timestamptz
    )
    select case when grouping(day) = 0 then 'day' when grouping(channel) = 0 then 'channel' else 'all' end as grouped_by,
           day, channel,
           count(*) as conversations,
           count(*) filter (where scored) as scored,
           avg(customer_sentiment)::float8 as mean_customer_sentiment,
           count(*) filter (where resolution = 'resolved') as resolved,
           count(*) filter (where abandonment <> 'none') as abandoned,
           count(first_response_seconds) as first_responses,
           percentile_cont(0.5) within group (order by first_response_seconds) as median_first_response_seconds
    from base
    group by grouping sets ((), (day), (channel))
    order by grouped_by, day, channel
  `);
  const rows = [...result];
  const summaryRow = rows.find((r) => r.grouped_by === 'all');
  return {
    summary: summaryRow ? values(summaryRow) : values(emptyRow()),
    byDay: rows.filter((r) => r.grouped_by === 'day').map((r) => ({ day: r.day!, ...values(r) })),
    byChannel: rows.filter((r) => r.grouped_by === 'channel').map((r) => ({ channel: r.channel!, ...values(r) })),
  };
}

function emptyRow(): KpiRow {
  return {
    grouped_by: 'all', day: null, channel: null, conversations: '0', scored: '0', mean_customer_sentiment: null,
    resolved: '0', abandoned: '0', first_responses: '0', median_first_response_seconds: null,
  };
}

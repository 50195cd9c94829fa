import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client';
import { CONVERSATIONS_WITH_SCORES, filterConditions, instant, type ConversationFilter } from './conversation-filter';

export interface Page {
  limit: number;
  /** Continue after this (startedAt, id), newest first. */
  after?: { startedAt: Date; id: string };
}

/** Filtered and keyset-paginated on (started_at, id), newest first, so pages stay stable while conversations arrive. */
function selectConversations(columns: SQL, f: ConversationFilter, page: Page): SQL {
  return sql`
    select ${columns}
    from ${CONVERSATIONS_WITH_SCORES}
    where ${filterConditions(f)}
      ${page.after ? sql`and (c.started_at, c.id) < (${instant(page.after.startedAt)}, ${page.after.id}::uuid)` : sql``}
    order by c.started_at desc, c.id desc
    limit ${page.limit}`;
}

export interface ConversationSummary {
  id: string;
  externalId: string;
  source: string;
  channel: string;
  language: string | null;
  customerId: string | null;
  startedAt: Date;
  endedAt: Date;
  messageCount: number;
  revision: number;
  scored: boolean;
  resolution: string | null;
  abandonment: string | null;
  predictedCsat: number | null;
  customerSentiment: number | null;
}

export async function listConversations(db: Database, filter: ConversationFilter, page: Page): Promise<ConversationSummary[]> {
  const rows = await db.execute<Record<string, unknown>>(
    selectConversations(
      sql`c.id, c.external_id, c.source, c.channel, c.language, c.customer_id, c.started_at, c.ended_at, c.message_count,
          c.revision, s.revision as scored_revision, s.resolution, s.abandonment, s.predicted_csat, s.customer_sentiment`,
      filter,
      page,
    ),
  );
  return rows.map((r) => ({
    id: r.id as string,
    externalId: r.external_id as string,
    source: r.source as string,
    channel: r.channel as string,
    language: r.language as string | null,
    customerId: r.customer_id as string | null,
    startedAt: new Date(r.started_at as string),
    endedAt: new Date(r.ended_at as string),
    messageCount: r.message_count as number,
    revision: r.revision as number,
    scored: r.scored_revision !== null && r.scored_revision === r.revision,
    resolution: (r.resolution as string | null) ?? null,
    abandonment: (r.abandonment as string | null) ?? null,
    predictedCsat: (r.predicted_csat as number | null) ?? null,
    customerSentiment: (r.customer_sentiment as number | null) ?? null,
  }));
}

/** The export's columns, in order: every per-conversation score and metric, never message text. */
export const EXPORT_COLUMNS = [
  'id', 'external_id', 'source', 'channel', 'declared_language', 'customer_id', 'started_at', 'ended_at', 'revision',
  'scored_revision', 'scorer_version', 'language', 'message_count', 'customer_messages', 'agent_messages', 'bot_messages',
  'customer_sentiment', 'customer_sentiment_start', 'customer_sentiment_end', 'customer_sentiment_min', 'sentiment_trend',
  'agent_sentiment', 'bot_sentiment', 'intent', 'intent_confidence', 'intent_taxonomy', 'resolution', 'resolution_confidence',
  'resolved_single_touch', 'abandonment', 'handled_by', 'escalated', 'first_response_seconds', 'reply_count',
  'customer_wait_seconds', 'first_response_business_seconds', 'customer_wait_business_seconds', 'duration_seconds', 'predicted_csat', 'survey_csat', 'survey_nps', 'converted', 'conversion_value',
  'conversion_currency', 'flagged', 'flag_reasons', 'review_labels', 'attributes',
] as const;

export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], unknown>;

export async function exportConversations(db: Database, filter: ConversationFilter, page: Page): Promise<ExportRow[]> {
  const rows = await db.execute<ExportRow & { started_at: string }>(
    selectConversations(
      sql`c.id, c.external_id, c.source, c.channel, c.language as declared_language, c.customer_id, c.started_at, c.ended_at,
          c.revision, s.revision as scored_revision, s.scorer_version, s.language, c.message_count, s.customer_messages,
          s.agent_messages, s.bot_messages, s.customer_sentiment, s.customer_sentiment_start, s.customer_sentiment_end,
          s.customer_sentiment_min, s.sentiment_trend, s.agent_sentiment, s.bot_sentiment, s.intent, s.intent_confidence,
          s.intent_taxonomy, s.resolution, s.resolution_confidence, s.resolved_single_touch, s.abandonment, s.handled_by,
          s.escalated, s.first_response_seconds, cardinality(s.reply_times_seconds) as reply_count, s.customer_wait_seconds,
          s.first_response_business_seconds, s.customer_wait_business_seconds,
          s.duration_seconds, s.predicted_csat, s.survey_csat, s.survey_nps, s.converted, s.conversion_value,
          s.details ->> 'conversionCurrency' as conversion_currency, s.flagged,
          (select string_agg(f ->> 'reason', ' ' order by i) from jsonb_array_elements(s.flags) with ordinality as x(f, i)) as flag_reasons,
          rv.labels as review_labels, c.attributes`,
      filter,
      page,
    ),
  );
  return rows.map((r) => ({ ...r, started_at: new Date(r.started_at), ended_at: new Date(r.ended_at as string) }));
}

import { sql } from 'drizzle-orm';
import type { Database } from '../client';

export interface ListQuery {
  workspaceId: string;
  from?: Date;
  to?: Date;
  source?: string;
  channel?: string;
  /** As stored: the route turns a personal customer id into its pseudonym first. */
  customerIds?: string[];
  limit: number;
  /** Continue after this (startedAt, id), newest first. */
  after?: { startedAt: Date; id: string };
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

/**
 * Newest first, keyset-paginated on (started_at, id) so pages stay stable while conversations
 * arrive. (Raw SQL parameters go to postgres.js unconverted, so instants are sent as ISO text.)
 */
export async function listConversations(db: Database, q: ListQuery): Promise<ConversationSummary[]> {
  const rows = await db.execute<Record<string, unknown>>(sql`
    select c.id, c.external_id, c.source, c.channel, c.language, c.customer_id, c.started_at, c.ended_at,
           c.message_count, c.revision, s.revision as scored_revision, s.resolution, s.abandonment,
           s.predicted_csat, s.customer_sentiment
    from conversations c
    left join lateral (
      select cs.revision, cs.resolution, cs.abandonment, cs.predicted_csat, cs.customer_sentiment
      from conversation_scores cs
      where cs.conversation_id = c.id and cs.workspace_id = c.workspace_id
      order by cs.scored_at desc
      limit 1
    ) s on true
    where c.workspace_id = ${q.workspaceId}
      ${q.from ? sql`and c.started_at >= ${q.from.toISOString()}::timestamptz` : sql``}
      ${q.to ? sql`and c.started_at < ${q.to.toISOString()}::timestamptz` : sql``}
      ${q.source ? sql`and c.source = ${q.source}` : sql``}
      ${q.channel ? sql`and c.channel = ${q.channel}` : sql``}
      ${q.customerIds ? sql`and c.customer_id in ${q.customerIds}` : sql``}
      ${q.after ? sql`and (c.started_at, c.id) < (${q.after.startedAt.toISOString()}::timestamptz, ${q.after.id}::uuid)` : sql``}
    order by c.started_at desc, c.id desc
    limit ${q.limit}
  `);
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

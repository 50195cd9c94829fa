import { sql, type SQL } from 'drizzle-orm';

/** Which conversations: the list, the export and the KPIs all select with this, so a KPI bucket drills down exactly. */
export interface ConversationFilter {
  workspaceId: string;
  /** On the first message; `to` is exclusive. */
  from?: Date;
  to?: Date;
  source?: string;
  channel?: string;
  /** As stored: the route turns a personal customer id into its pseudonym first. */
  customerIds?: string[];
  /** Detected language of the latest scores. */
  language?: string;
  resolution?: string;
  abandonment?: string;
  handledBy?: string;
  intent?: string;
  /** The author of the first human reply, and the team of the last `assigned` event naming one. */
  agent?: string;
  team?: string;
  /** Read resolution, abandonment and intent as the latest reviewer gave them, where one did (default true). */
  overrides?: boolean;
  /** Attribute key -> value, all of which must match. */
  attributes?: Record<string, string>;
}

// Raw SQL parameters go to postgres.js unconverted, so instants are sent as ISO text.
export const instant = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/**
 * Each conversation (c) with its most recently written scores (s, all null until scored) and the
 * labels of its latest review that gave any (rv.labels, null without one).
 */
export const CONVERSATIONS_WITH_SCORES = sql`
  conversations c
  left join lateral (
    select * from conversation_scores cs
    where cs.conversation_id = c.id and cs.workspace_id = c.workspace_id
    order by cs.scored_at desc
    limit 1
  ) s on true
  left join lateral (
    select v.labels from reviews v
    where v.conversation_id = c.id and v.workspace_id = c.workspace_id and v.labels <> '{}'::jsonb
    order by v.created_at desc, v.id desc
    limit 1
  ) rv on true`;

/** A label as KPIs and filters read it: the reviewer's where a review gave one (with overrides on), else Parley's. */
export function label(name: 'resolution' | 'abandonment' | 'intent', overrides = true): SQL {
  const parley = sql`s.${sql.identifier(name)}`;
  return overrides ? sql`coalesce(rv.labels ->> ${name}, ${parley})` : parley;
}

/** A conversation's agent: whoever sent the first human reply (stored with the conversation). */
export const AGENT_SQL = sql`c.agent_id`;
/** A conversation's team: the team of the last `assigned` event that names one. */
export const TEAM_SQL = sql`(select e ->> 'team' from jsonb_array_elements(c.events) with ordinality as x(e, i)
  where e ->> 'type' = 'assigned' and e ? 'team' order by i desc limit 1)`;

/** The WHERE conditions of a filter over CONVERSATIONS_WITH_SCORES. */
export function filterConditions(f: ConversationFilter): SQL {
  const attributes = Object.entries(f.attributes ?? {}).map(([key, value]) => sql`and c.attributes ->> ${key} = ${value}`);
  return sql`c.workspace_id = ${f.workspaceId}
      ${f.from ? sql`and c.started_at >= ${instant(f.from)}` : sql``}
      ${f.to ? sql`and c.started_at < ${instant(f.to)}` : sql``}
      ${f.source ? sql`and c.source = ${f.source}` : sql``}
      ${f.channel ? sql`and c.channel = ${f.channel}` : sql``}
      ${f.customerIds ? sql`and c.customer_id in ${f.customerIds}` : sql``}
      ${f.language ? sql`and s.language = ${f.language}` : sql``}
      ${f.resolution ? sql`and ${label('resolution', f.overrides)} = ${f.resolution}` : sql``}
      ${f.abandonment ? sql`and ${label('abandonment', f.overrides)} = ${f.abandonment}` : sql``}
      ${f.handledBy ? sql`and s.handled_by = ${f.handledBy}` : sql``}
      ${f.intent ? sql`and ${label('intent', f.overrides)} = ${f.intent}` : sql``}
      ${f.agent ? sql`and ${AGENT_SQL} = ${f.agent}` : sql``}
      ${f.team ? sql`and ${TEAM_SQL} = ${f.team}` : sql``}
      ${sql.join(attributes, sql` `)}`;
}

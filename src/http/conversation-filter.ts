import { z } from 'zod';
import { CHANNELS } from '../contract/conversation';
import type { Caller } from '../db/queries/api-keys';
import type { ConversationFilter } from '../db/queries/conversation-filter';
import { ABANDONMENT_OUTCOMES, HANDLED_BY, LANGUAGE_CODES, RESOLUTION_OUTCOMES } from '../scoring/types';
import { customerIdForms, dateOrInstant, instant, parseQuery, timeZoneParam } from './params';

/** The filters shared by the list, the export and KPI drill-downs; `attr.KEY=VALUE` filters on an attribute. */
export const filterQuery = z.object({
  from: dateOrInstant.optional(),
  to: dateOrInstant.optional(),
  timeZone: timeZoneParam,
  source: z.string().max(64).optional(),
  channel: z.enum(CHANNELS).optional(),
  customerId: z.string().min(1).max(256).optional(),
  language: z.enum(LANGUAGE_CODES).optional(),
  resolution: z.enum(RESOLUTION_OUTCOMES).optional(),
  abandonment: z.enum(ABANDONMENT_OUTCOMES).optional(),
  handledBy: z.enum(HANDLED_BY).optional(),
  intent: z.string().min(1).max(100).optional(),
  agent: z.string().min(1).max(256).optional(),
  team: z.string().min(1).max(256).optional(),
  // Reviewers' labels where they gave any (default), or Parley's own with overrides=false.
  overrides: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});

const ATTRIBUTE_FILTER = /^attr\.([A-Za-z0-9_.-]{1,64})$/;

/**
 * A query string parsed with `schema` (filterQuery or an extension of it; errors name the parameter
 * after `prefix`), the conversation filter it names (the named parameters plus any attr.KEY=VALUE),
 * and its time zone: the one asked for, else the workspace's.
 */
export function parseFilter<S extends z.ZodType<z.output<typeof filterQuery>>>(
  schema: S,
  query: Record<string, string>,
  workspace: Caller['workspace'],
  prefix = '',
): { q: z.output<S>; filter: ConversationFilter; timeZone: string } {
  const q = parseQuery(schema, query, prefix);
  const attributes = Object.fromEntries(
    Object.entries(query).flatMap(([name, value]) => {
      const key = ATTRIBUTE_FILTER.exec(name)?.[1];
      return key ? [[key, value]] : [];
    }),
  );
  const timeZone = q.timeZone ?? workspace.timeZone;
  const filter: ConversationFilter = {
    workspaceId: workspace.id,
    from: q.from ? instant(q.from, timeZone) : undefined,
    to: q.to ? instant(q.to, timeZone) : undefined,
    source: q.source,
    channel: q.channel,
    customerIds: q.customerId === undefined ? undefined : customerIdForms(q.customerId, workspace),
    language: q.language,
    resolution: q.resolution,
    abandonment: q.abandonment,
    handledBy: q.handledBy,
    intent: q.intent,
    agent: q.agent,
    team: q.team,
    overrides: q.overrides,
    attributes,
  };
  return { q, filter, timeZone };
}


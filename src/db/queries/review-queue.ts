import { sql } from 'drizzle-orm';
import type { ReviewStatus } from '../../review/status';
import type { Flag, FlagReason } from '../../scoring/types';
import type { Database } from '../client';
import { AGENT_SQL, CONVERSATIONS_WITH_SCORES, filterConditions, instant, type ConversationFilter } from './conversation-filter';

export interface QueueFilter extends ConversationFilter {
  reason?: FlagReason;
  status?: ReviewStatus;
  assignee?: string;
}

/** Where the next page starts: the last item's sort key. */
export interface QueuePosition {
  severity: number;
  flagCount: number;
  startedAt: Date;
  id: string;
}

export interface QueueItem extends QueuePosition {
  externalId: string;
  channel: string;
  language: string | null;
  intent: string | null;
  agent: string | null;
  flags: Flag[];
  review: { status: ReviewStatus; assignee: string | null; assignedAt: Date | null; reviewedBy: string | null; reviewedAt: Date | null };
}

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

const flagCount = sql`coalesce(jsonb_array_length(s.flags), 0)`;
const status = sql`coalesce(r.status, 'new')`;
const ITEM_COLUMNS = sql`c.id, c.external_id, c.channel, c.started_at, s.language, s.intent, ${AGENT_SQL} as agent,
  coalesce(s.flags, '[]') as flags, coalesce(s.flag_severity, 0) as flag_severity, ${flagCount} as flag_count,
  ${status} as status, r.assignee, r.assigned_at, r.reviewed_by, r.reviewed_at`;
const WITH_REVIEW_STATE = sql`${CONVERSATIONS_WITH_SCORES}
  left join review_states r on r.conversation_id = c.id and r.workspace_id = c.workspace_id`;

function toItem(r: Record<string, unknown>): QueueItem {
  return {
    id: r.id as string,
    externalId: r.external_id as string,
    channel: r.channel as string,
    startedAt: new Date(r.started_at as string),
    language: r.language as string | null,
    intent: r.intent as string | null,
    agent: r.agent as string | null,
    flags: r.flags as Flag[],
    severity: r.flag_severity as number,
    flagCount: Number(r.flag_count),
    review: {
      status: r.status as ReviewStatus,
      assignee: r.assignee as string | null,
      assignedAt: date(r.assigned_at),
      reviewedBy: r.reviewed_by as string | null,
      reviewedAt: date(r.reviewed_at),
    },
  };
}

/**
 * Flagged conversations, most severe first (then the most flags, then the newest), keyset-paginated
 * on that order so a page never repeats or skips an item while reviews go on.
 */
export async function listQueue(db: Database, f: QueueFilter, page: { limit: number; after?: QueuePosition }): Promise<QueueItem[]> {
  const rows = await db.execute<Record<string, unknown>>(sql`
    select ${ITEM_COLUMNS}
    from ${WITH_REVIEW_STATE}
    where ${filterConditions(f)} and s.flagged
      ${f.reason ? sql`and s.flags @> ${JSON.stringify([{ reason: f.reason }])}::jsonb` : sql``}
      ${f.status ? sql`and ${status} = ${f.status}` : sql``}
      ${f.assignee ? sql`and r.assignee = ${f.assignee}` : sql``}
      ${
        page.after
          ? sql`and (s.flag_severity, ${flagCount}, c.started_at, c.id) <
                    (${page.after.severity}, ${page.after.flagCount}, ${instant(page.after.startedAt)}, ${page.after.id}::uuid)`
          : sql``
      }
    order by s.flag_severity desc, ${flagCount} desc, c.started_at desc, c.id desc
    limit ${page.limit}`);
  return rows.map(toItem);
}

export const SAMPLE_STRATA = { agent: AGENT_SQL, channel: sql`c.channel` } as const;
export type SampleStratum = keyof typeof SAMPLE_STRATA;

export interface Sample {
  items: QueueItem[];
  strata: { stratum: string | null; population: number; sampled: number }[];
}

/**
 * A random sample of the scored conversations a filter selects, flagged or not, for calibration:
 * `share` of each stratum (agent or channel), rounded up so every stratum is represented. Random
 * but repeatable: each conversation's place is the hash of `seed` and its id, so the same seed
 * draws the same sample, and a new seed a new one.
 */
export async function sampleConversations(db: Database, f: ConversationFilter, o: { share: number; stratify?: SampleStratum; seed: string; max: number }): Promise<Sample> {
  const stratum = o.stratify ? SAMPLE_STRATA[o.stratify] : sql`null::text`;
  const rows = await db.execute<Record<string, unknown>>(sql`
    with population as (
      select ${ITEM_COLUMNS}, ${stratum} as stratum, md5(${o.seed} || c.id::text) as draw
      from ${WITH_REVIEW_STATE}
      where ${filterConditions(f)} and s.conversation_id is not null
    ), ranked as (
      select *, row_number() over (partition by stratum order by draw) as place, count(*) over (partition by stratum) as stratum_size
      from population
    )
    select * from ranked where place <= ceil(stratum_size * ${o.share}::float8)
    order by stratum nulls last, place
    limit ${o.max}`);
  const strata = new Map<string | null, { stratum: string | null; population: number; sampled: number }>();
  for (const r of rows) {
    const key = r.stratum as string | null;
    const entry = strata.get(key) ?? { stratum: key, population: Number(r.stratum_size), sampled: 0 };
    entry.sampled += 1;
    strata.set(key, entry);
  }
  return { items: rows.map(toItem), strata: [...strata.values()] };
}

/** Assigns a conversation to a reviewer (in review), or with null puts it back (new). */
export async function assignReview(db: Database, workspaceId: string, conversationId: string, assignee: string | null): Promise<void> {
  await db.execute(sql`
    insert into review_states (conversation_id, workspace_id, status, assignee, assigned_at)
    values (${conversationId}, ${workspaceId}, ${assignee ? 'in_review' : 'new'}, ${assignee}, ${assignee ? sql`now()` : null})
    on conflict (conversation_id) do update
      set status = excluded.status, assignee = excluded.assignee, assigned_at = excluded.assigned_at,
          reviewed_by = null, reviewed_at = null`);
}

/** Marks a conversation done in the queue, reviewed by `reviewer` at `at` (inside the review's transaction). */
export async function markReviewed(db: Pick<Database, 'execute'>, r: { workspaceId: string; conversationId: string; reviewer: string; at: Date }): Promise<void> {
  await db.execute(sql`
    insert into review_states (conversation_id, workspace_id, status, reviewed_by, reviewed_at)
    values (${r.conversationId}, ${r.workspaceId}, 'done', ${r.reviewer}, ${instant(r.at)})
    on conflict (conversation_id) do update set status = 'done', reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at`);
}

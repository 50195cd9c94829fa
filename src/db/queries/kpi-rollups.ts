import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, sql } from 'drizzle-orm';
import { KPI_DIMENSIONS, type KpiInterval } from '../../kpis/dimensions';
import { kpiMetrics, type KpiResult } from '../../kpis/metrics';
import { addConversation, CELL_FORMAT, cellAsRow, decodeCell, emptyCell, encodeCell, HISTOGRAMS_INDEX, mergeCell, type Cell } from '../../kpis/rollup/cell';
import { dayCells, familyOf, keyOf, periodCells, type DimensionedFacts, type FamilyCell } from '../../kpis/rollup/families';
import { arrayLiteral } from '../array-literal';
import type { Database } from '../client';
import { kpiCells } from '../schema';
import { instant } from './conversation-filter';
import { baseRows, dimensionSql, type KpiQuery } from './kpi-base';
import { FCR_WINDOW_DAYS } from './first-contact';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

const DAY_MS = 86_400_000;
// One refresher at a time across every worker process.
const REFRESH_LOCK = 0x70_61_72_6c; // "parl"
// Beyond this many days to read from the conversations (partial days at the ends of the range,
// days changed since their cells were built), the rollups are no faster: the raw statement answers.
const MAX_LIVE_DAYS = 3;
// Rows fetched around a local day, so a day whose midnight a DST change moves is still read whole.
const DAY_MARGIN_MS = 3 * 3_600_000;

const factColumns = (timeZone: string) => sql`
  to_char((c.started_at at time zone ${timeZone})::date, 'YYYY-MM-DD') as local_day,
  c.channel, c.source, s.language, s.handled_by, ${dimensionSql('intent')} as intent, c.attributes,
  ${dimensionSql('agent')} as agent, ${dimensionSql('team')} as team,`;

/** The facts of the conversations a filter selects, with their dimensions and local day. */
async function readFacts(db: Tx, q: Pick<KpiQuery, 'filter' | 'timeZone'>): Promise<DimensionedFacts[]> {
  const rows = await db.execute<DimensionedFacts>(
    sql`${baseRows({ filter: q.filter, timeZone: q.timeZone, groupBy: [], fcrWindowDays: FCR_WINDOW_DAYS }, factColumns(q.timeZone))}`,
  );
  return [...rows];
}

/**
 * Workspaces whose cells were built in another format or time zone (or never) start again: their
 * cells go, and every 15-minute slot holding one of their conversations is marked.
 */
async function startRebuilds(tx: Tx): Promise<void> {
  const stale = await tx.execute<{ id: string; time_zone: string }>(sql`
    select w.id, w.time_zone from workspaces w left join kpi_rollup_state s on s.workspace_id = w.id
    where s.workspace_id is null or s.format <> ${CELL_FORMAT} or s.time_zone <> w.time_zone`);
  for (const w of stale) {
    await tx.delete(kpiCells).where(eq(kpiCells.workspaceId, w.id));
    await tx.execute(sql`
      insert into kpi_dirty (workspace_id, at)
      select distinct workspace_id, date_bin('15 minutes', started_at, timestamptz '2000-01-01 00:00:00+00')
      from conversations where workspace_id = ${w.id}`);
    await tx.execute(sql`
      insert into kpi_rollup_state (workspace_id, format, time_zone) values (${w.id}, ${CELL_FORMAT}, ${w.time_zone})
      on conflict (workspace_id) do update set format = excluded.format, time_zone = excluded.time_zone, built_at = now()`);
  }
  // Marks of deleted workspaces would otherwise wait forever.
  await tx.execute(sql`delete from kpi_dirty k where not exists (select 1 from workspaces w where w.id = k.workspace_id)`);
}

type Grain = 'day' | 'week' | 'month';

async function writeCells(tx: Tx, workspaceId: string, grain: Grain, bucket: string, cells: FamilyCell[]): Promise<void> {
  await tx.delete(kpiCells).where(and(eq(kpiCells.workspaceId, workspaceId), eq(kpiCells.grain, grain), eq(kpiCells.bucket, bucket)));
  const rows = cells.map((c) => ({ workspaceId, grain, bucket, family: c.family, key: c.key, overflow: c.overflow, cell: c.cell && encodeCell(c.cell) }));
  for (let i = 0; i < rows.length; i += 1_000) await tx.insert(kpiCells).values(rows.slice(i, i + 1_000));
}

/** Rebuilds a week's or month's cells from its days' (`start`: its Monday or first day). */
async function rebuildPeriod(tx: Tx, workspaceId: string, grain: 'week' | 'month', start: string): Promise<void> {
  const stored = await tx.execute<{ bucket: string; family: string; key: string | null; overflow: boolean; cell: unknown[] | null }>(sql`
    select to_char(bucket, 'YYYY-MM-DD') as bucket, family, key, overflow, cell from kpi_cells
    where workspace_id = ${workspaceId} and grain = 'day' and bucket >= ${start}::date and bucket < (${start}::date + ${`1 ${grain}`}::interval)`);
  const days = new Map<string, FamilyCell[]>();
  for (const r of stored) {
    const day = days.get(r.bucket) ?? [];
    day.push({ family: r.family, key: r.key, overflow: r.overflow, cell: r.cell && decodeCell(r.cell) });
    days.set(r.bucket, day);
  }
  await writeCells(tx, workspaceId, grain, start, periodCells([...days.values()]));
}

/**
 * Rebuilds the cells of up to `maxDays` marked local days of one workspace (`workspaceId`, or the
 * one marked first) and their weeks and months from the conversations, then clears exactly the
 * marks it read: a change committed meanwhile keeps its mark and is picked up next time. With
 * `budgetMs`, it takes no further day once that long has passed (one day at least), so that a round,
 * and a worker's shutdown waiting for it, stays short however busy the days are. Returns the number of days rebuilt (0: nothing to do), or null
 * when another refresher holds the lock or, `paced`, when the last round ended too recently: a paced
 * round is followed by a rest `restFactor` times its length and at least `minRestMs`, whichever
 * process ran it.
 */
export async function refreshRollups(
  db: Database,
  options: { maxDays?: number; budgetMs?: number; paced?: { minRestMs: number; restFactor: number }; workspaceId?: string } = {},
): Promise<number | null> {
  const { maxDays = 14, budgetMs = Infinity, paced, workspaceId = null } = options;
  const started = performance.now();
  return db.transaction(async (tx) => {
    const [lock] = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${REFRESH_LOCK}) as locked`);
    if (!lock?.locked) return null;
    if (paced) {
      const [early] = await tx.execute(sql`select 1 from kpi_refresh_pace where next_round_at > clock_timestamp()`);
      if (early) return null;
    }
    await startRebuilds(tx);
    const days = await tx.execute<{ workspace_id: string; time_zone: string; day: string; starts: number; ids: string }>(sql`
      with next as (select workspace_id from kpi_dirty where ${workspaceId}::uuid is null or workspace_id = ${workspaceId}::uuid order by id limit 1)
      select k.workspace_id, w.time_zone, to_char((k.at at time zone w.time_zone)::date, 'YYYY-MM-DD') as day,
             extract(epoch from ((k.at at time zone w.time_zone)::date::timestamp at time zone w.time_zone)) * 1000 as starts,
             array_agg(k.id)::text as ids
      from kpi_dirty k join workspaces w on w.id = k.workspace_id
      where k.workspace_id = (select workspace_id from next)
      group by 1, 2, 3, 4 order by 3 limit ${maxDays}`);
    const periods = new Set<string>();
    let rebuilt = 0;
    for (const d of days) {
      if (rebuilt > 0 && performance.now() - started > budgetMs) break;
      rebuilt++;
      const starts = Number(d.starts);
      const filter = { workspaceId: d.workspace_id, from: new Date(starts - DAY_MARGIN_MS), to: new Date(starts + DAY_MS + DAY_MARGIN_MS) };
      const facts = (await readFacts(tx, { filter, timeZone: d.time_zone })).filter((f) => f.local_day === d.day);
      await writeCells(tx, d.workspace_id, 'day', d.day, dayCells(facts));
      periods.add(`month:${d.day.slice(0, 7)}-01`).add(`week:${monday(d.day)}`);
      await tx.execute(sql`delete from kpi_dirty where id = any(${d.ids}::bigint[])`);
    }
    for (const period of periods) {
      const [grain, start] = period.split(':') as ['week' | 'month', string];
      await rebuildPeriod(tx, days[0]!.workspace_id, grain, start);
    }
    if (paced && rebuilt > 0) {
      // now() is when this transaction began: the round took clock_timestamp() - now().
      await tx.execute(sql`
        insert into kpi_refresh_pace (id, next_round_at)
        values (true, clock_timestamp() + greatest(${paced.minRestMs} * interval '1 millisecond', ${paced.restFactor} * (clock_timestamp() - now())))
        on conflict (id) do update set next_round_at = excluded.next_round_at`);
    }
    return rebuilt;
  });
}

/**
 * Rebuilds until no marked day is left (of `workspaceId`, or of any workspace), waiting out another
 * refresher that holds the lock (it is rebuilding too); returns the days this call rebuilt. For
 * benchmarks and tests: the worker runs refreshRollups in its own loop.
 */
export async function refreshAllRollups(db: Database, options: { workspaceId?: string } = {}): Promise<number> {
  let days = 0;
  for (;;) {
    const rebuilt = await refreshRollups(db, options);
    if (rebuilt === 0) return days;
    if (rebuilt === null) await sleep(50);
    else days += rebuilt;
  }
}

/** The one family a query reads (its filters' and groupings' dimensions), or null when it needs more. */
function familyFor(q: KpiQuery): { family: string; value?: string } | null {
  const f = q.filter;
  // Cells hold the KPIs with reviewers' labels applied: without them, the conversations answer.
  if (f.customerIds || f.resolution || f.abandonment || f.overrides === false) return null;
  const filtered: [string, string][] = [
    ...KPI_DIMENSIONS.flatMap((d) => (f[d] === undefined ? [] : [[d, f[d]!] as [string, string]])),
    ...Object.entries(f.attributes ?? {}).map(([k, v]) => [`attr.${k}`, v] as [string, string]),
  ];
  const families = new Set([...filtered.map(([d]) => d), ...q.groupBy]);
  if (families.size > 1) return null;
  if (families.size === 0) return { family: '' };
  const [family] = families;
  return { family: family!, value: filtered[0]?.[1] };
}

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayString = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The Monday of a day's ISO week. */
function monday(day: string): string {
  const n = dayNumber(day);
  return dayString(n - ((new Date(n * DAY_MS).getUTCDay() + 6) % 7));
}

/** The series bucket (as the raw statement labels it) a local day or month falls in. */
function bucketLabel(day: string, interval: KpiInterval | undefined): string | undefined {
  if (interval === undefined) return undefined;
  if (interval === 'month') return `${day.slice(0, 7)}-01T00:00`;
  if (interval === 'week') return `${monday(day)}T00:00`;
  return `${day}T00:00`;
}

interface Plan {
  /** Whole local days in range whose cells are current. */
  cleanDays: string[];
  /** Weeks (their Monday) and months (their first day) wholly in range with every day current. */
  wholeWeeks: string[];
  wholeMonths: string[];
  /** Instant ranges read from the conversations, each with the local days it may keep (all when absent). */
  live: { from: Date; to: Date; days?: Set<string> }[];
}

type Pieces = Record<Grain, string[]>;

/**
 * The fewest cells that cover the clean days with the periods a series allows: whole months (for
 * monthly series or none), then whole weeks outside them (weekly series or none), then days.
 */
function pieces(p: Plan, interval: KpiInterval | undefined): Pieces {
  const months = interval === undefined || interval === 'month' ? p.wholeMonths : [];
  const inMonth = (d: string) => months.includes(`${d.slice(0, 7)}-01`);
  const weekDays = (w: string) => Array.from({ length: 7 }, (_, i) => dayString(dayNumber(w) + i));
  const weeks = interval === undefined || interval === 'week' ? p.wholeWeeks.filter((w) => !weekDays(w).some(inMonth)) : [];
  const inWeek = new Set(weeks.flatMap(weekDays));
  return { month: months, week: weeks, day: p.cleanDays.filter((d) => !inMonth(d) && !inWeek.has(d)) };
}

/** Splits [from, to) into clean whole days (with the weeks and months they fill) and what must be read live. */
async function plan(tx: Tx, q: KpiQuery): Promise<Plan | null> {
  const { from, to, workspaceId } = q.filter;
  const tz = q.timeZone;
  const [range] = await tx.execute<{ first_day: string; end_day: string; first_midnight: number; end_midnight: number }>(sql`
    with r as (select (${instant(from)} at time zone ${tz}) as f, (${instant(to)} at time zone ${tz}) as t),
    d as (select case when f::time = '00:00' then f::date else f::date + 1 end as first_day, t::date as end_day from r)
    select to_char(first_day, 'YYYY-MM-DD') as first_day, to_char(end_day, 'YYYY-MM-DD') as end_day,
           extract(epoch from (first_day::timestamp at time zone ${tz})) * 1000 as first_midnight,
           extract(epoch from (end_day::timestamp at time zone ${tz})) * 1000 as end_midnight
    from d`);
  const first = dayNumber(range!.first_day);
  const end = dayNumber(range!.end_day);
  if (first >= end) return to.getTime() - from.getTime() <= MAX_LIVE_DAYS * DAY_MS ? { cleanDays: [], wholeWeeks: [], wholeMonths: [], live: [{ from, to }] } : null;
  const firstMidnight = new Date(Number(range!.first_midnight));
  const endMidnight = new Date(Number(range!.end_midnight));
  const live: Plan['live'] = [];
  if (from < firstMidnight) live.push({ from, to: firstMidnight });
  if (endMidnight < to) live.push({ from: endMidnight, to });

  const dirty = new Set(
    [
      ...(await tx.execute<{ day: string }>(sql`
        select distinct to_char((at at time zone ${tz})::date, 'YYYY-MM-DD') as day from kpi_dirty
        where workspace_id = ${workspaceId} and at >= ${instant(firstMidnight)} and at < ${instant(endMidnight)}`)),
    ].map((r) => r.day),
  );
  if (live.length + dirty.size > MAX_LIVE_DAYS) return null;
  for (const day of dirty) {
    const starts = Date.parse(`${day}T00:00:00Z`);
    // The local day lies within a day and a half of its UTC namesake in every time zone.
    live.push({ from: new Date(Math.max(from.getTime(), starts - DAY_MS / 2 - DAY_MARGIN_MS)), to: new Date(Math.min(to.getTime(), starts + 1.5 * DAY_MS + DAY_MARGIN_MS)), days: new Set([day]) });
  }

  const result: Plan = { cleanDays: [], wholeWeeks: [], wholeMonths: [], live };
  const clean = (fromDay: number, toDay: number) => toDay <= end && Array.from({ length: toDay - fromDay }, (_, i) => dayString(fromDay + i)).every((d) => !dirty.has(d));
  for (let n = first; n < end; n++) {
    const day = dayString(n);
    if (!dirty.has(day)) result.cleanDays.push(day);
    if (monday(day) === day && clean(n, n + 7)) result.wholeWeeks.push(day);
    const next = new Date(n * DAY_MS);
    next.setUTCMonth(next.getUTCMonth() + 1, 1);
    if (day.endsWith('-01') && clean(n, next.getTime() / DAY_MS)) result.wholeMonths.push(day);
  }
  return result;
}

/**
 * The KPIs of a query from the rollups, or null when they cannot answer it (another time zone than
 * the workspace's, hourly series, several dimensions, filters on outcomes or customers, another FCR
 * window, an attribute with too many values, too much changed and not yet rebuilt). Whole clean days
 * and months come from their cells; partial days at the ends and days changed since their cells were
 * built are read from the conversations in the same snapshot, so the answer is always current.
 */
export async function queryRollupKpis(db: Database, q: KpiQuery): Promise<KpiResult | null> {
  if (q.interval === 'hour' || q.fcrWindowDays !== FCR_WINDOW_DAYS) return null;
  const target = familyFor(q);
  if (!target) return null;
  const { family, value } = target;
  return db.transaction(
    async (tx) => {
      const [state] = await tx.execute<{ format: number }>(sql`
        select s.format from kpi_rollup_state s join workspaces w on w.id = s.workspace_id and w.time_zone = s.time_zone
        where s.workspace_id = ${q.filter.workspaceId} and s.time_zone = ${q.timeZone}`);
      if (!state || state.format !== CELL_FORMAT) return null;
      const p = await plan(tx, q);
      if (!p) return null;

      const groups = new Map<string, Group>();
      const group = (bucket: string | undefined, key: string | null) => {
        const id = JSON.stringify([bucket ?? null, key]);
        let g = groups.get(id);
        if (!g) groups.set(id, (g = { bucket, key, cells: [], live: null }));
        return g;
      };

      // A day series by a dimension reads each of its groups from one cell, whose stored percentiles
      // serve: its histograms stay in the database, and the summary comes from the all-conversations
      // family (months and days), which is far smaller.
      const lean = q.interval === 'day' && q.groupBy.length > 0 && value === undefined;
      const stored = await readCells(tx, q.filter.workspaceId, family, pieces(p, q.interval), !lean);
      for (const { bucket, cells } of stored.values()) {
        const byKey = familyOf(cells, family);
        if (byKey === 'overflow') return null;
        for (const [key, cell] of byKey) {
          if (value !== undefined && key !== value) continue;
          group(bucketLabel(bucket, q.interval), family === '' ? null : key).cells.push(cell);
        }
      }
      for (const span of p.live) {
        for (const f of await readFacts(tx, { filter: { ...q.filter, from: span.from, to: span.to }, timeZone: q.timeZone })) {
          if (span.days && !span.days.has(f.local_day)) continue;
          const g = group(bucketLabel(f.local_day, q.interval), family === '' ? null : keyOf(f, family));
          addConversation((g.live ??= emptyCell()), f);
        }
      }
      const summaryCells = lean
        ? [...(await readCells(tx, q.filter.workspaceId, '', pieces(p, undefined), true)).values()].flatMap((b) => b.cells.map((c) => c.cell!))
        : undefined;
      return answer(q, [...groups.values()], summaryCells);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

async function readCells(tx: Tx, workspaceId: string, family: string, p: Pieces, histograms: boolean) {
  const families = family.startsWith('attr.') ? [family, ''] : [family];
  const cell = histograms ? sql`cell` : sql`jsonb_set(cell, ${`{${HISTOGRAMS_INDEX}}`}, 'null')`;
  const rows = await tx.execute<{ grain: Grain; bucket: string; family: string; key: string | null; overflow: boolean; cell: unknown[] | null }>(sql`
    select grain, to_char(bucket, 'YYYY-MM-DD') as bucket, family, key, overflow, ${cell} as cell from kpi_cells
    where workspace_id = ${workspaceId} and family = any(${arrayLiteral(families)}::text[])
      and (${sql.join((['day', 'week', 'month'] as const).map((g) => sql`(grain = ${g} and bucket = any(${arrayLiteral(p[g])}::date[]))`), sql` or `)})`);
  const byBucket = new Map<string, { grain: Grain; bucket: string; cells: FamilyCell[] }>();
  for (const r of rows) {
    const id = `${r.grain}:${r.bucket}`;
    let entry = byBucket.get(id);
    if (!entry) byBucket.set(id, (entry = { grain: r.grain, bucket: r.bucket, cells: [] }));
    entry.cells.push({ family: r.family, key: r.key, overflow: r.overflow, cell: r.cell && decodeCell(r.cell) });
  }
  return byBucket;
}

/** A series group: its stored cells and the conversations read live. */
interface Group {
  bucket: string | undefined;
  key: string | null;
  cells: Cell[];
  live: Cell | null;
}

/** The group as one cell: a lone stored cell as it is (most day-series groups), otherwise merged. */
function combined(g: Group): Cell {
  if (g.cells.length === 1 && !g.live) return g.cells[0]!;
  const cell = g.live ?? emptyCell();
  for (const c of g.cells) mergeCell(cell, c);
  return cell;
}

/** The summary is the merge of the groups, or of `summaryCells` and what the groups read live. */
function answer(q: KpiQuery, groupList: Group[], summaryCells?: Cell[]): KpiResult {
  const read = (cell: Cell) => {
    const { row, replies } = cellAsRow(cell);
    return kpiMetrics(row, replies, q.fcrWindowDays);
  };
  const groups = groupList.map((g) => ({ bucket: g.bucket, key: g.key, cell: combined(g) }));
  const total = emptyCell();
  const parts = summaryCells ? [...summaryCells, ...groupList.flatMap((g) => (g.live ? [g.live] : []))] : groups.map((g) => g.cell);
  for (const cell of parts) mergeCell(total, cell);
  const ordered = groups.sort((a, b) => compare(a.bucket, b.bucket) || compare(a.key, b.key));
  return {
    summary: read(total),
    series:
      q.interval === undefined && q.groupBy.length === 0
        ? []
        : ordered.map((g) => ({
            ...(q.interval ? { bucket: g.bucket! } : {}),
            ...(q.groupBy.length ? { dimensions: { [q.groupBy[0]!]: g.key } } : {}),
            ...read(g.cell),
          })),
  };
}

/** Ascending, nulls last (as Postgres orders the raw series). */
function compare(a: string | null | undefined, b: string | null | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return a < b ? -1 : 1;
}

import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from './workspaces';

/**
 * Pre-aggregated KPI inputs (docs/kpis.md, "Rollups"): one cell per workspace, local day, ISO week
 * or month of the workspace's time zone, family (no dimension, one named dimension or one attribute key) and
 * the dimension's value. A cache of what the conversations say, rebuilt from them at any time.
 */
export const kpiCells = pgTable(
  'kpi_cells',
  {
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    grain: text().$type<'day' | 'week' | 'month'>().notNull(),
    // The local date the cell starts on (a Monday for weeks, the first of the month for months).
    bucket: date({ mode: 'string' }).notNull(),
    // '' (all conversations), a named dimension (channel, agent, …) or attr.KEY.
    family: text().notNull(),
    // The dimension's value; null is a group of its own (no agent, attribute not set).
    key: text(),
    // The family had too many values that day to keep: queries on it read the conversations.
    overflow: boolean().notNull().default(false),
    cell: jsonb().$type<unknown[]>(),
  },
  (t) => [index('kpi_cells_lookup_idx').on(t.workspaceId, t.family, t.grain, t.bucket)],
);

/**
 * Where the conversations changed since the cells were built: the start of the 15-minute slot of
 * each changed conversation (every time zone's midnight falls on such a boundary, so a slot lies in
 * one local day). Written by triggers, so no writer can forget; cleared by the rollup refresher.
 */
export const kpiDirty = pgTable(
  'kpi_dirty',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    workspaceId: uuid().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('kpi_dirty_workspace_at_idx').on(t.workspaceId, t.at)],
);

/** Which cell format and time zone a workspace's cells were built with; anything else means a rebuild. */
export const kpiRollupState = pgTable('kpi_rollup_state', {
  workspaceId: uuid()
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  format: integer().notNull(),
  timeZone: text().notNull(),
  builtAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
});

/**
 * When the next paced refresh round may start, shared by every worker's refresher: two refreshers
 * resting on their own clocks would take turns and refresh twice as often.
 */
export const kpiRefreshPace = pgTable('kpi_refresh_pace', {
  id: boolean().primaryKey().default(true),
  nextRoundAt: timestamp({ withTimezone: true }).notNull(),
});

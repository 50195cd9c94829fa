import { eq, sql } from 'drizzle-orm';
import type { BusinessHours } from '../../kpis/business-hours';
import { DEFAULT_REDACTION, type RedactionSettings } from '../../privacy/settings';
import { DEFAULT_RUBRIC, type Rubric } from '../../review/rubric';
import { withDefaults, type FlagThresholdOverrides, type FlagThresholds } from '../../scoring/flags/thresholds';
import type { Database } from '../client';
import { workspaces } from '../schema';

/** Returns the workspace id, creating the workspace if it does not exist (operator commands only). */
export async function ensureWorkspace(db: Database, slug: string): Promise<{ id: string; created: boolean }> {
  const [row] = await db
    .insert(workspaces)
    .values({ slug })
    .onConflictDoUpdate({ target: workspaces.slug, set: { slug: sql`excluded.slug` } })
    .returning({ id: workspaces.id, created: sql<boolean>`(xmax = 0)` });
  return row!;
}

export async function findWorkspaceId(db: Database, slug: string): Promise<string | null> {
  const [row] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug));
  return row?.id ?? null;
}

/** A workspace by its slug, with what storing conversations in it needs (redaction) and its reporting time zone. */
export async function findWorkspaceBySlug(
  db: Database,
  slug: string,
): Promise<{ id: string; slug: string; redaction: RedactionSettings; pseudonymKey: string; timeZone: string } | null> {
  const [row] = await db
    .select({ id: workspaces.id, slug: workspaces.slug, redaction: workspaces.redaction, pseudonymKey: workspaces.pseudonymKey, timeZone: workspaces.timeZone })
    .from(workspaces)
    .where(eq(workspaces.slug, slug));
  return row ? { ...row, redaction: row.redaction ?? DEFAULT_REDACTION } : null;
}

export async function updateSettings(
  db: Database,
  workspaceId: string,
  settings: { redaction?: RedactionSettings; businessHours?: BusinessHours | null; timeZone?: string; flagThresholds?: FlagThresholdOverrides | null; rubric?: Rubric | null },
): Promise<void> {
  await db.update(workspaces).set(settings).where(eq(workspaces.id, workspaceId));
}

/** What scoring needs of a workspace besides the conversation: business hours and flag thresholds. */
export async function findScoringSettings(db: Database, workspaceId: string): Promise<{ businessHours: BusinessHours | null; flagThresholds: FlagThresholds }> {
  const [row] = await db
    .select({ businessHours: workspaces.businessHours, flagThresholds: workspaces.flagThresholds })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return { businessHours: row?.businessHours ?? null, flagThresholds: withDefaults(row?.flagThresholds) };
}


export async function isDatabaseTimeZone(db: Database, timeZone: string): Promise<boolean> {
  const [row] = await db.execute<{ known: boolean }>(sql`select exists (select 1 from pg_timezone_names where name = ${timeZone}) as known`);
  return row?.known === true;
}

export async function findRubric(db: Database, workspaceId: string): Promise<Rubric> {
  const [row] = await db.select({ rubric: workspaces.rubric }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.rubric ?? DEFAULT_RUBRIC;
}

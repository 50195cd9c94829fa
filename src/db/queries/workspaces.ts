import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { workspaces } from '../schema';

/** Returns the workspace id, creating the workspace on first use. */
export async function ensureWorkspace(db: Database, slug: string): Promise<string> {
  const [row] = await db
    .insert(workspaces)
    .values({ slug })
    .onConflictDoUpdate({ target: workspaces.slug, set: { slug: sql`excluded.slug` } })
    .returning({ id: workspaces.id });
  return row!.id;
}

export async function findWorkspaceId(db: Database, slug: string): Promise<string | null> {
  const [row] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug));
  return row?.id ?? null;
}

import { and, desc, eq, lt } from 'drizzle-orm';
import type { Database } from '../client';
import { auditLog } from '../schema';

export type AuditAction = 'conversation.erased' | 'customer.erased' | 'jobs.retried' | 'key.created' | 'key.revoked' | 'workspace.settings_changed';

export interface AuditEntry {
  workspaceId: string;
  /** The key id that acted, or "cli". */
  actor: string;
  action: AuditAction;
  /** Ids and counts only: never the content that was erased. */
  details: Record<string, unknown>;
}

export async function recordAudit(db: Database, entry: AuditEntry): Promise<{ id: string; at: Date }> {
  const [row] = await db.insert(auditLog).values(entry).returning({ id: auditLog.id, at: auditLog.at });
  return row!;
}

export async function listAudit(db: Database, workspaceId: string, limit: number, before?: Date) {
  return db
    .select({ id: auditLog.id, at: auditLog.at, actor: auditLog.actor, action: auditLog.action, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.workspaceId, workspaceId), before ? lt(auditLog.at, before) : undefined))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}

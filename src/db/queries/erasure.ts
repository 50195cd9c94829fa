import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../client';
import { conversations } from '../schema';
import { recordAudit } from './audit';

export interface Erasure {
  erased: string[];
  /** null when nothing matched and the request is not worth a record (an unknown conversation id). */
  auditId: string | null;
}

/**
 * Deletes conversations with everything hanging off them (messages, scores, reviews cascade) and
 * records the erasure in the audit log in the same transaction: either both happen or neither.
 */
async function erase(
  db: Database,
  workspaceId: string,
  actor: string,
  where: ReturnType<typeof and>,
  audit: { action: 'conversation.erased' | 'customer.erased'; details: Record<string, unknown>; evenIfNone: boolean },
): Promise<Erasure> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .delete(conversations)
      .where(and(eq(conversations.workspaceId, workspaceId), where))
      .returning({ id: conversations.id });
    const erased = rows.map((r) => r.id).sort();
    if (erased.length === 0 && !audit.evenIfNone) return { erased, auditId: null };
    const entry = await recordAudit(tx, { workspaceId, actor, action: audit.action, details: { ...audit.details, conversations: erased.length, conversationIds: erased } });
    return { erased, auditId: entry.id };
  });
}

export function eraseConversation(db: Database, workspaceId: string, actor: string, conversationId: string): Promise<Erasure> {
  return erase(db, workspaceId, actor, eq(conversations.id, conversationId), { action: 'conversation.erased', details: { conversationId }, evenIfNone: false });
}

/**
 * Every conversation of a customer. `storedIds` are the forms the id may be stored under (as sent,
 * and pseudonymised when it is personal data); the audit log keeps only the pseudonymised form.
 */
export function eraseCustomer(db: Database, workspaceId: string, actor: string, storedIds: string[], auditedAs: string): Promise<Erasure> {
  return erase(db, workspaceId, actor, inArray(conversations.customerId, storedIds), {
    action: 'customer.erased',
    details: { customer: auditedAs },
    // A customer's erasure request is recorded even when nothing was found: the request is the record.
    evenIfNone: true,
  });
}

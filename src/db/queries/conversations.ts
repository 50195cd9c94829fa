import { and, asc, eq, sql } from 'drizzle-orm';
import type { Conversation } from '../../contract/conversation';
import type { Database } from '../client';
import { conversations, messages, workspaces } from '../schema';

export type StoreStatus = 'created' | 'updated' | 'unchanged';

export interface StoredRef {
  id: string;
  revision: number;
  status: StoreStatus;
}

// Postgres allows 65,534 bind parameters per statement; 1,000 rows x 9 columns stays far below.
const MESSAGE_ROWS_PER_INSERT = 1_000;

/** The conversations row of a validated conversation, but for its workspace. */
export function conversationValues(conversation: Conversation, contentHash: string) {
  return {
    source: conversation.source,
    externalId: conversation.externalId,
    channel: conversation.channel,
    language: conversation.language ?? null,
    customerId: conversation.customerId ?? null,
    startedAt: conversation.messages[0]!.sentAt,
    endedAt: conversation.messages[conversation.messages.length - 1]!.sentAt,
    messageCount: conversation.messages.length,
    events: conversation.events,
    attributes: conversation.attributes,
    contentHash,
  };
}

/**
 * Inserts or updates one conversation by (workspace, source, external id). An identical re-post
 * changes nothing; a changed one replaces the messages and bumps the revision. Run it inside a
 * transaction so the conversation and its messages land together.
 */
export async function upsertConversation(
  tx: Database,
  workspaceId: string,
  conversation: Conversation,
  contentHash: string,
): Promise<StoredRef> {
  const values = { workspaceId, ...conversationValues(conversation, contentHash) };
  const [written] = await tx
    .insert(conversations)
    .values(values)
    .onConflictDoUpdate({
      target: [conversations.workspaceId, conversations.source, conversations.externalId],
      set: {
        channel: sql`excluded.channel`,
        language: sql`excluded.language`,
        customerId: sql`excluded.customer_id`,
        startedAt: sql`excluded.started_at`,
        endedAt: sql`excluded.ended_at`,
        messageCount: sql`excluded.message_count`,
        events: sql`excluded.events`,
        attributes: sql`excluded.attributes`,
        contentHash: sql`excluded.content_hash`,
        revision: sql`${conversations.revision} + 1`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${conversations.contentHash} <> excluded.content_hash`,
    })
    // xmax is 0 only on a freshly inserted row version: the standard way to tell insert from update.
    .returning({ id: conversations.id, revision: conversations.revision, inserted: sql<boolean>`(xmax = 0)` });

  if (!written) {
    const [existing] = await tx
      .select({ id: conversations.id, revision: conversations.revision })
      .from(conversations)
      .where(
        and(
          eq(conversations.workspaceId, workspaceId),
          eq(conversations.source, conversation.source),
          eq(conversations.externalId, conversation.externalId),
        ),
      );
    return { id: existing!.id, revision: existing!.revision, status: 'unchanged' };
  }

  if (!written.inserted) await tx.delete(messages).where(eq(messages.conversationId, written.id));
  const rows = conversation.messages.map((m, seq) => ({
    conversationId: written.id,
    seq,
    workspaceId,
    externalId: m.id ?? null,
    role: m.role,
    authorId: m.authorId ?? null,
    authorName: m.authorName ?? null,
    text: m.text,
    sentAt: m.sentAt,
  }));
  for (let i = 0; i < rows.length; i += MESSAGE_ROWS_PER_INSERT) {
    await tx.insert(messages).values(rows.slice(i, i + MESSAGE_ROWS_PER_INSERT));
  }
  return { id: written.id, revision: written.revision, status: written.inserted ? 'created' : 'updated' };
}

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

export interface StoredConversation {
  workspace: string;
  conversation: ConversationRow;
  messages: MessageRow[];
}

/** The conversation and its messages, only if it belongs to the workspace. */
export async function findConversation(db: Database, workspaceId: string, id: string): Promise<StoredConversation | null> {
  const [found] = await db
    .select({ conversation: conversations, workspace: workspaces.slug })
    .from(conversations)
    .innerJoin(workspaces, eq(workspaces.id, conversations.workspaceId))
    .where(and(eq(conversations.id, id), eq(conversations.workspaceId, workspaceId)));
  if (!found) return null;
  const rows = await db.select().from(messages).where(eq(messages.conversationId, id)).orderBy(asc(messages.seq));
  return { workspace: found.workspace, conversation: found.conversation, messages: rows };
}

/** Whether the workspace has this conversation, without loading it. */
export async function conversationExists(db: Database, workspaceId: string, id: string): Promise<boolean> {
  const [found] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.workspaceId, workspaceId)));
  return found !== undefined;
}

import { and, eq } from 'drizzle-orm';
import type { Conversation } from '../../contract/conversation';
import type { Database } from '../client';
import { conversations, transcripts, workspaces, type StoredMessage } from '../schema';

export type StoreStatus = 'created' | 'updated' | 'unchanged';

/** A conversation's agent (KPIs' agent dimension): the author of its first agent message, if any. */
export const firstAgentId = (messages: readonly { role: string; authorId?: string }[]): string | null =>
  messages.find((m) => m.role === 'agent')?.authorId ?? null;

/** The conversations row of a validated conversation, but for its workspace. */
export function conversationValues(conversation: Conversation, contentHash: string) {
  return {
    source: conversation.source,
    externalId: conversation.externalId,
    channel: conversation.channel,
    language: conversation.language ?? null,
    customerId: conversation.customerId ?? null,
    agentId: firstAgentId(conversation.messages),
    startedAt: conversation.messages[0]!.sentAt,
    endedAt: conversation.messages[conversation.messages.length - 1]!.sentAt,
    messageCount: conversation.messages.length,
    events: conversation.events,
    attributes: conversation.attributes,
    contentHash,
  };
}

export type ConversationRow = typeof conversations.$inferSelect;

export interface StoredConversation {
  workspace: string;
  conversation: ConversationRow;
  messages: StoredMessage[];
}

/** The conversation and its messages, only if it belongs to the workspace. */
export async function findConversation(db: Database, workspaceId: string, id: string): Promise<StoredConversation | null> {
  const [found] = await db
    .select({ conversation: conversations, workspace: workspaces.slug, messages: transcripts.messages })
    .from(conversations)
    .innerJoin(workspaces, eq(workspaces.id, conversations.workspaceId))
    .innerJoin(transcripts, eq(transcripts.conversationId, conversations.id))
    .where(and(eq(conversations.id, id), eq(conversations.workspaceId, workspaceId)));
  return found ?? null;
}

/** Whether the workspace has this conversation, without loading it. */
export async function conversationExists(db: Database, workspaceId: string, id: string): Promise<boolean> {
  const [found] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.workspaceId, workspaceId)));
  return found !== undefined;
}

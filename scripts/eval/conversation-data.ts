import { conversationSchema, type Conversation } from '../../src/contract/conversation';
import type { LabelledConversation } from '../../src/training/conversation-models';
import { readJsonl } from './read';

export interface ConversationRecord {
  id: string;
  source: string;
  language: string;
  messages: { role: 'customer' | 'agent' | 'bot'; text: string; breakdown?: number; nugget?: string; satisfaction?: number }[];
  labels: { satisfaction?: number; resolved?: boolean; accomplishment?: number };
}

// These sources have no timestamps: messages are placed a minute apart, so no time figure from them means anything.
const BASE = Date.parse('2024-01-01T00:00:00Z');

/** A labelled record as a contract conversation; the labels are not part of it. Without a language, none is declared. */
export function toConversation(record: Pick<ConversationRecord, 'id' | 'source' | 'messages'> & { language?: string }): Conversation {
  return conversationSchema.parse({
    workspace: 'eval',
    externalId: record.id,
    source: record.source.toLowerCase().replace(/[^a-z0-9_.-]/g, '-'),
    channel: 'other',
    language: record.language,
    messages: record.messages.map((m, i) => ({ role: m.role, text: m.text.slice(0, 20_000), sentAt: new Date(BASE + i * 60_000).toISOString() })),
  });
}

export function readConversationFile(path: string): ConversationRecord[] {
  return readJsonl<ConversationRecord>(path);
}

/**
 * Whether each message confirms the solution (stc3's CNUG* nugget). stc3 marks a turn's last message
 * with the turn's nugget (a turn: one side's consecutive messages); every message of the turn takes
 * it. A message of a turn without one is unlabelled.
 */
export function messageConfirms(messages: ConversationRecord['messages']): (boolean | undefined)[] {
  const labels = new Array<boolean | undefined>(messages.length);
  let turnLabel: boolean | undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const { role, nugget } = messages[i]!;
    if (messages[i + 1]?.role !== role) turnLabel = undefined;
    if (nugget !== undefined) turnLabel = nugget === 'CNUG*';
    labels[i] = turnLabel;
  }
  return labels;
}

/** A file's records with their labels in the shape the conversation models train on. */
export function readLabelledConversations(path: string): LabelledConversation[] {
  return readConversationFile(path).map((r) => ({
    id: r.id,
    conversation: toConversation(r),
    resolved: r.labels.resolved,
    accomplishment: r.labels.accomplishment,
    satisfaction: r.labels.satisfaction,
    messageSatisfaction: r.messages.map((m) => m.satisfaction),
    messageConfirms: messageConfirms(r.messages),
  }));
}

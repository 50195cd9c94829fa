import { createHmac } from 'node:crypto';
import type { Conversation } from '../contract/conversation';
import { detectPii } from './detect';
import type { PiiType, RedactionSettings } from './settings';

export type RedactionCounts = Partial<Record<PiiType, number>>;

const placeholder = (type: PiiType) => `[${type.toUpperCase()}]`;

/** The text with every enabled kind of personal data replaced by its placeholder, e.g. "[EMAIL]". */
export function redactText(text: string, types: ReadonlySet<PiiType>, counts: RedactionCounts = {}): string {
  const found = detectPii(text, types);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of found) {
    // Never longer than what it replaces ("a@b.co" is shorter than "[EMAIL]"), so redacted text
    // stays within the contract's length limits that the worker re-checks.
    out += text.slice(at, m.start) + placeholder(m.type).slice(0, m.end - m.start);
    at = m.end;
    counts[m.type] = (counts[m.type] ?? 0) + 1;
  }
  return out + text.slice(at);
}

/**
 * An id that is itself personal data (an email, a phone number) is stored as a keyed hash: the same
 * customer still links across conversations (first-contact resolution, erasure), but the address is
 * not kept. The key is the workspace's own, so pseudonyms do not match across workspaces.
 */
export function pseudonymousCustomerId(customerId: string, types: ReadonlySet<PiiType>, key: string): string {
  const [first] = detectPii(customerId, types);
  if (!first) return customerId;
  const digest = createHmac('sha256', key).update(customerId).digest('hex').slice(0, 24);
  return `${first.type}-${digest}`;
}

/** A customer's display name is a name by definition; an agent's or bot's stays (QA reviews by agent), minus any contact data in it. */
function redactAuthorName(message: Conversation['messages'][number], types: ReadonlySet<PiiType>, counts: RedactionCounts): string | undefined {
  const name = message.authorName;
  if (name === undefined || name === '') return name;
  if (message.role === 'customer' && types.has('name')) {
    counts.name = (counts.name ?? 0) + 1;
    return placeholder('name'); // 6 characters: always within the 256 an author name may have
  }
  return redactText(name, types, counts);
}

export const enabledTypes = (settings: RedactionSettings): ReadonlySet<PiiType> =>
  new Set(settings.enabled ? settings.types : []);

/**
 * The conversation as it will be stored and scored: message text, author names and attribute
 * values redacted; ids that name a person (customer, message author, assigned agent) pseudonymised
 * when they are personal data. Conversation and message ids, queues and teams are left alone: they
 * are the business's own references.
 */
export function redactConversation(
  conversation: Conversation,
  settings: RedactionSettings,
  pseudonymKey: string,
): { conversation: Conversation; redacted: RedactionCounts } {
  const types = enabledTypes(settings);
  const counts: RedactionCounts = {};
  if (types.size === 0) return { conversation, redacted: counts };
  const person = (id: string | undefined) => (id === undefined ? undefined : pseudonymousCustomerId(id, types, pseudonymKey));
  const redacted: Conversation = {
    ...conversation,
    customerId: person(conversation.customerId),
    // Every field named rather than spread: a spread of the contract's output cost about 1 µs a
    // message (40 µs for a 36-message post), a literal of one shape a few hundredths of that. A test
    // checks that every field of the contract's message comes through.
    messages: conversation.messages.map((m) => ({
      id: m.id,
      role: m.role,
      authorId: person(m.authorId),
      authorName: redactAuthorName(m, types, counts),
      text: redactText(m.text, types, counts),
      sentAt: m.sentAt,
    })),
    events: conversation.events.map((e) => (e.type === 'assigned' ? { ...e, agentId: person(e.agentId) } : e)),
    attributes: Object.fromEntries(Object.entries(conversation.attributes).map(([k, v]) => [k, redactText(v, types, counts)])),
  };
  return { conversation: redacted, redacted: counts };
}


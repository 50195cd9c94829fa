import { createHash } from 'node:crypto';
import type { Conversation, Message } from '../contract/conversation';
import { isoTime } from '../lib/iso-time';

// Array-index keys ("0", "17") come first, in numeric order, in any JS object: the first
// implementation rebuilt objects, so its JSON had them there. Object.keys already lists them first
// and in that order, so only the keys after them need sorting.
const isIndexKey = (key: string) => {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;
};

function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  let indexes = 0;
  while (indexes < keys.length && isIndexKey(keys[indexes]!)) indexes++;
  if (indexes === 0) return keys.sort();
  return [...keys.slice(0, indexes), ...keys.slice(indexes).sort()];
}

// A conversation's keys are few and recur in every message: each is quoted once. Attribute and
// metadata keys come from clients, so the memo is bounded.
const QUOTED_KEYS_MAX = 10_000;
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    if (quotedKeys.size >= QUOTED_KEYS_MAX) quotedKeys.clear();
    quoted = `${JSON.stringify(key)}:`;
    quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * JSON with every object's keys sorted and dates as ISO strings, written in one pass (this runs on
 * every conversation the API and the importer take). It must stay byte for byte what it has
 * always been: stored hashes are compared with those of conversations posted again.
 */
function canonicalJson(value: unknown): string | undefined {
  if (typeof value === 'string') return JSON.stringify(value);
  // An ISO timestamp holds nothing JSON escapes.
  if (value instanceof Date) return `"${isoTime(value)}"`;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (canonicalJson(value[i]) ?? 'null');
    return `${out}]`;
  }
  if (value && typeof value === 'object') return canonicalObject(value as Record<string, unknown>);
  return JSON.stringify(value);
}

/** An object's canonical JSON; `messagesJson`, when given, is that of its `messages`, written already. */
function canonicalObject(record: Record<string, unknown>, messagesJson?: string): string {
  let out = '{';
  for (const key of sortedKeys(record)) {
    const field = key === 'messages' && messagesJson !== undefined ? messagesJson : canonicalJson(record[key]);
    if (field !== undefined) out += (out.length === 1 ? '' : ',') + quotedKey(key) + field;
  }
  return `${out}}`;
}

export interface HashedConversation {
  /** Same content, same hash, whatever the key order or timestamp notation the client used. */
  contentHash: string;
  /**
   * The canonical JSON of the messages, which the hash covers: the transcript as stored (each
   * message's fields, times in UTC ISO), so storing it does not write the messages a second time.
   */
  messagesJson: string;
}

/**
 * A message's canonical JSON, the bulk of every conversation's: JSON.stringify of a literal with the
 * contract's message fields in sorted key order (it leaves undefined ones out, as canonicalJson
 * does) writes it in a third of canonicalJson's time. A test fails if the contract gains a message
 * field this does not name.
 */
const canonicalMessage = (m: Message) => ({
  authorId: m.authorId,
  authorName: m.authorName,
  id: m.id,
  role: m.role,
  sentAt: isoTime(m.sentAt),
  text: m.text,
});

export function hashConversation(conversation: Conversation): HashedConversation {
  const messagesJson = JSON.stringify(conversation.messages.map(canonicalMessage));
  const json = canonicalObject(conversation as unknown as Record<string, unknown>, messagesJson);
  return { contentHash: createHash('sha256').update(json).digest('hex'), messagesJson };
}

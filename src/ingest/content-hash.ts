import { createHash } from 'node:crypto';
import type { Conversation } from '../contract/conversation';

/**
 * JSON with every object's keys sorted and dates as ISO strings, written in one pass (this runs on
 * every conversation the API takes). It must stay byte for byte what it has always been: stored
 * hashes are compared with those of conversations posted again.
 */
// Array-index keys ("0", "17") come first, in numeric order, in any JS object: the first
// implementation rebuilt objects, so its JSON had them there. Ours must too.
const isIndexKey = (key: string) => /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;

function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record).sort();
  const indexes = keys.filter(isIndexKey);
  if (indexes.length === 0) return keys;
  return [...indexes.sort((a, b) => Number(a) - Number(b)), ...keys.filter((key) => !isIndexKey(key))];
}

function canonicalJson(value: unknown): string | undefined {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item) ?? 'null').join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const fields: string[] = [];
    for (const key of sortedKeys(record)) {
      const field = canonicalJson(record[key]);
      if (field !== undefined) fields.push(`${JSON.stringify(key)}:${field}`);
    }
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Same content, same hash, whatever the key order or timestamp notation the client used. */
export function contentHash(conversation: Conversation): string {
  return createHash('sha256').update(canonicalJson(conversation)!).digest('hex');
}

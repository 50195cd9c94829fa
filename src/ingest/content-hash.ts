import { createHash } from 'node:crypto';
import type { Conversation } from '../contract/conversation';

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Same content, same hash, whatever the key order or timestamp notation the client used. */
export function contentHash(conversation: Conversation): string {
  return createHash('sha256').update(JSON.stringify(canonical(conversation))).digest('hex');
}

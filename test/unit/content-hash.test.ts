import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../src/ingest/content-hash';
import { conversationSchema, type Conversation } from '../../src/contract/conversation';
import { conversationInput } from '../support/fixtures';

/** The hash as it was first written (objects rebuilt with sorted keys, then JSON.stringify): stored hashes were made this way. */
function firstContentHash(conversation: unknown): string {
  const canonical = (value: unknown): unknown => {
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
  };
  return createHash('sha256').update(JSON.stringify(canonical(conversation))).digest('hex');
}

describe('the content hash', () => {
  it('is what it always was, for any JSON-like value with dates and missing fields', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.date({ noInvalidDate: true }),
        fc.constant(undefined),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 6 }), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(fc.property(fc.dictionary(fc.string({ maxLength: 6 }), value), (record) => contentHash(record as unknown as Conversation) === firstContentHash(record)), {
      numRuns: 500,
    });
  });

  it('is the same whatever the key order or timestamp notation', () => {
    const input = conversationInput('ws', { id: 'h', lines: [['c', 0, 'hello'], ['a', 30, 'hi']] });
    const a = conversationSchema.parse(input);
    const reordered = conversationSchema.parse(Object.fromEntries(Object.entries(input).reverse()));
    expect(contentHash(a)).toBe(contentHash(reordered));
    expect(contentHash(a)).toBe(firstContentHash(a));
  });
});

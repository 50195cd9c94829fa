import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashConversation } from '../../src/ingest/content-hash';
import { conversationSchema, messageSchema, ROLES, type Conversation } from '../../src/contract/conversation';
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

// A message as the contract hands it on: optional fields left out, or present and undefined (as redaction writes them).
const text = fc.string({ unit: 'binary', maxLength: 12 });
const maybe = fc.option(text, { nil: undefined });
const contractMessage = fc.record(
  { id: maybe, role: fc.constantFrom(...ROLES), authorId: maybe, authorName: maybe, text, sentAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }) },
  { requiredKeys: ['role', 'text', 'sentAt'] },
);

describe('the content hash', () => {
  it('is what it always was, for contract messages and any JSON-like value with dates and missing fields', () => {
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
    const contentHash = (record: unknown) => hashConversation(record as Conversation).contentHash;
    // `messages`, whose JSON is written apart and reused, at any place among the keys.
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 9 }), value), fc.array(contractMessage, { maxLength: 4 }), (record, messages) => {
        const withMessages = { ...record, messages };
        return contentHash(withMessages) === firstContentHash(withMessages);
      }),
      { numRuns: 1000 },
    );
  });

  it('writes every field of the contract\'s message', () => {
    const full = Object.fromEntries(Object.keys(messageSchema.shape).map((key) => [key, key === 'sentAt' ? new Date(0) : key === 'role' ? 'agent' : key]));
    const [written] = JSON.parse(hashConversation({ messages: [full] } as unknown as Conversation).messagesJson) as Record<string, unknown>[];
    expect(Object.keys(written!).sort()).toEqual(Object.keys(messageSchema.shape).sort());
  });

  it('is the same whatever the key order or timestamp notation', () => {
    const input = conversationInput('ws', { id: 'h', lines: [['c', 0, 'hello'], ['a', 30, 'hi']] });
    const a = conversationSchema.parse(input);
    const reordered = conversationSchema.parse(Object.fromEntries(Object.entries(input).reverse()));
    expect(hashConversation(a).contentHash).toBe(hashConversation(reordered).contentHash);
    expect(hashConversation(a).contentHash).toBe(firstContentHash(a));
  });

  it('hands back the messages as the transcript stores them: their fields, times in UTC ISO', () => {
    const conversation = conversationSchema.parse({
      externalId: 'm',
      source: 's',
      channel: 'web_chat',
      messages: [
        { role: 'customer', text: 'olá "quoted" \\ ✓', sentAt: '2026-03-01T10:15:00+02:00', authorName: 'Ana' },
        { id: 'm2', role: 'agent', authorId: 'agent-1', text: '', sentAt: '2026-03-01T08:16:00.5Z' },
      ],
    });
    expect(JSON.parse(hashConversation(conversation).messagesJson)).toEqual([
      { role: 'customer', text: 'olá "quoted" \\ ✓', sentAt: '2026-03-01T08:15:00.000Z', authorName: 'Ana' },
      { id: 'm2', role: 'agent', authorId: 'agent-1', text: '', sentAt: '2026-03-01T08:16:00.500Z' },
    ]);
  });
});

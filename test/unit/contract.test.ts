import { describe, expect, it } from 'vitest';
import { batchSchema, conversationSchema, LIMITS, toFieldIssues } from '../../src/contract/conversation';
import { conversationInput } from '../support/fixtures';

const valid = () =>
  conversationInput('acme', {
    lines: [
      ['c', 0, 'hello'],
      ['a', 60, 'hi, how can I help?'],
    ],
    events: [['csat', 120, 5]],
    attributes: { greeting_variant: 'A' },
  });

function issues(input: unknown) {
  const result = conversationSchema.safeParse(input);
  expect(result.success).toBe(false);
  return toFieldIssues(result.error!);
}

describe('conversation contract', () => {
  it('accepts a full conversation and turns timestamps into Dates', () => {
    const parsed = conversationSchema.parse(valid());
    expect(parsed.messages[1]!.sentAt).toEqual(new Date('2026-09-01T10:01:00Z'));
    expect(parsed.events[0]).toMatchObject({ type: 'survey', metric: 'csat', score: 5 });
  });

  it('names the offending field with its path', () => {
    const input = valid();
    (input.messages[1] as { role: string }).role = 'robot';
    expect(issues(input)).toEqual([{ field: 'messages[1].role', message: expect.stringContaining('customer') }]);
  });

  it('names an unknown key as the field, not its parent', () => {
    expect(issues({ ...valid(), colour: 'red' })).toEqual([{ field: 'colour', message: 'is not a field of the contract' }]);
  });

  it('rejects messages out of chronological order', () => {
    const input = valid();
    input.messages[1]!.sentAt = '2026-09-01T09:59:00Z';
    expect(issues(input)[0]!.field).toBe('messages[1].sentAt');
  });

  it.each([
    ['before 2000', '1999-12-31T23:59:59Z', 'must not be before 2000-01-01'],
    ['in the future', new Date(Date.now() + 3_600_000).toISOString(), 'must not be in the future'],
    ['without a time zone', '2026-09-01T10:00:00', 'ISO 8601'],
  ])('rejects a timestamp %s', (_, sentAt, message) => {
    const input = valid();
    input.messages[0]!.sentAt = sentAt;
    input.messages[1]!.sentAt = '2026-09-01T10:01:00Z';
    expect(issues(input)[0]).toEqual({ field: 'messages[0].sentAt', message: expect.stringContaining(message) });
  });

  it('enforces the size limits', () => {
    const long = valid();
    long.messages[0]!.text = 'x'.repeat(LIMITS.textChars + 1);
    expect(issues(long)[0]!.field).toBe('messages[0].text');

    const many = valid();
    many.messages = Array.from({ length: LIMITS.messagesPerConversation + 1 }, () => ({ ...valid().messages[0]! }));
    expect(issues(many)[0]!.field).toBe('messages');

    const attributes = Object.fromEntries(Array.from({ length: LIMITS.attributeCount + 1 }, (_, i) => [`k${i}`, 'v']));
    expect(issues({ ...valid(), attributes })[0]!.field).toBe('attributes');

    expect(batchSchema.safeParse({ conversations: new Array(LIMITS.conversationsPerBatch + 1).fill({}) }).success).toBe(false);
    expect(batchSchema.safeParse({ conversations: new Array(LIMITS.conversationsPerBatch).fill({}) }).success).toBe(true);
  });

  it('refuses prototype keys in attributes instead of dropping them, and never pollutes a prototype', () => {
    expect(issues({ ...valid(), attributes: JSON.parse('{"__proto__": {"polluted": "yes"}, "ok": "y"}') })[0]!.field).toBe('attributes.__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(issues({ ...valid(), attributes: { constructor: 'x' } })[0]!.field).toBe('attributes.constructor');
  });

  it('checks survey scores against their own scale', () => {
    const nps = valid();
    nps.events = [{ type: 'survey', metric: 'nps', score: 0, at: '2026-09-01T10:02:00Z' }];
    expect(conversationSchema.safeParse(nps).success).toBe(true);
    const csat = valid();
    csat.events = [{ type: 'survey', metric: 'csat', score: 0, at: '2026-09-01T10:02:00Z' }];
    expect(issues(csat)[0]!.field).toBe('events[0].score');
  });

  it('requires at least one message and a known channel', () => {
    expect(issues({ ...valid(), messages: [] })[0]!.field).toBe('messages');
    expect(issues({ ...valid(), channel: 'fax' })[0]!.field).toBe('channel');
  });
});

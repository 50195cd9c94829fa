import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationSchema } from '../../src/contract/conversation';
import { hashConversation } from '../../src/ingest/content-hash';
import { createGroupWriter } from '../../src/ingest/group-writer';
import { conversationInput } from '../support/fixtures';
import { createTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(async () => {
  await stack.close();
});

const item = (workspace: string, id: string, text = 'where is my order?') => {
  const conversation = conversationSchema.parse(conversationInput(workspace, { id, lines: [['c', 0, text], ['a', 60, 'It ships today.']] }));
  return { conversation, ...hashConversation(conversation) };
};

describe('the group writer', () => {
  it('stores requests that arrive together, each with its own outcome, and one failing request fails alone', async () => {
    const writer = createGroupWriter(stack.database, stack.queue);
    const [a, b] = await Promise.all([stack.tenant(), stack.tenant()]);
    const missingWorkspace = '00000000-0000-4000-8000-0000000000ff';
    const writes = [
      writer.write(a.id, [item(a.slug, 'one')]),
      writer.write(b.id, [item(b.slug, 'one')]),
      writer.write(missingWorkspace, [item('nobody', 'one')]),
      writer.write(a.id, [item(a.slug, 'two'), item(a.slug, 'one', 'changed')]),
      writer.write(a.id, [item(a.slug, 'one', 'changed')]),
    ];
    const outcomes = await Promise.allSettled(writes);
    const statuses = outcomes.map((o) => (o.status === 'fulfilled' ? o.value.refs.map((r) => `${r.status}@${r.revision}`) : 'rejected'));
    expect(statuses).toEqual([['created@1'], ['created@1'], 'rejected', ['created@1', 'updated@2'], ['unchanged@2']]);
    expect(outcomes.filter((o) => o.status === 'fulfilled').every((o) => o.value.enqueued)).toBe(true);
    const [oneOfA, oneOfB] = [outcomes[0], outcomes[1]].map((o) => (o as PromiseFulfilledResult<{ refs: { id: string }[] }>).value.refs[0]!.id);
    expect(oneOfA).not.toBe(oneOfB);
  });
});

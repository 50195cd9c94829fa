import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conversationSchema } from '../../src/contract/conversation';

describe('docs/conversation-contract.md', () => {
  it('shows a full example the contract accepts', () => {
    const doc = readFileSync(new URL('../../docs/conversation-contract.md', import.meta.url), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const parsed = conversationSchema.parse(JSON.parse(example!));
    expect(new Set(parsed.events.map((e) => e.type))).toEqual(
      new Set(['queued', 'assigned', 'handoff', 'resolved', 'survey', 'conversion']),
    );
  });
});

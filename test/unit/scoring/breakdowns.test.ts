import { describe, expect, it } from 'vitest';
import { conversationSchema } from '../../../src/contract/conversation';
import { detectBreakdowns } from '../../../src/scoring/breakdown';
import { sampleConversations } from '../../../scripts/samples/conversations';
import { conversation, testModels } from '../../support/fixtures';

const models = testModels();

describe('bot breakdowns', () => {
  it('flags a fallback loop, saying why for each message', () => {
    const result = detectBreakdowns(
      conversation({
        lines: [
          ['c', 0, 'I want to change my delivery address'],
          ['b', 5, "Sorry, I don't understand. Could you rephrase?"],
          ['c', 20, 'change the address of my order'],
          ['b', 25, "Sorry, I don't understand. Could you rephrase?"],
        ],
      }),
      models,
    );
    expect(result.count).toBe(2);
    expect(result.evidence[0]).toEqual({ seq: 1, reason: 'the bot said it did not understand' });
    expect(result.evidence[1]).toEqual({ seq: 3, reason: 'the bot said it did not understand; the bot repeated its message 1' });
  });

  it("flags an answer the customer's next message shows was off the point, in any language", () => {
    for (const reply of ['what do you mean?', 'não foi isso que eu perguntei', 'eso no es lo que pregunte', 'nu asta am intrebat']) {
      const result = detectBreakdowns(
        conversation({ lines: [['c', 0, 'when do you open?'], ['b', 5, 'We have great offers this week!'], ['c', 20, reply]] }),
        models,
      );
      expect(result.evidence, reply).toEqual([{ seq: 1, reason: "the customer's reply shows confusion" }]);
    }
  });

  it('raises no flag on the ordinary support conversations of the samples', () => {
    const flags = sampleConversations().flatMap((c) => detectBreakdowns(conversationSchema.parse(c), models).evidence);
    expect(flags).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { scoreConversation } from '../../../src/scoring';
import { reactingMessages } from '../../../src/scoring/reactions';
import { conversation, testModels, type Line } from '../../support/fixtures';

const models = testModels();
const reactions = (lines: Line[]) => scoreConversation(conversation({ lines }), models).reactions.messages;

describe('customer reactions', () => {
  it('reads a customer correcting the bot as displeased and one accepting its answer as pleased', () => {
    const corrected = reactions([
      ['c', 0, 'I need a hotel in the north'],
      ['b', 60, 'There are no hotels in the north.'],
      ['c', 90, 'No, that is not what I asked. I said the north, please check again.'],
    ]);
    const accepted = reactions([
      ['c', 0, 'I need a hotel in the north'],
      ['b', 60, 'The Acorn guest house is in the north, 4 stars.'],
      ['c', 90, 'Perfect, thank you, please book it.'],
    ]);
    expect(corrected).toHaveLength(1);
    expect(corrected[0]!.seq).toBe(2);
    expect(corrected[0]!.score).toBeLessThan(0);
    expect(accepted[0]!.score).toBeGreaterThan(0);
  });

  it('reads only customer messages with text that answer a reply', () => {
    const convo = conversation({ lines: [['c', 0, 'hello'], ['c', 5, 'anyone?'], ['b', 10, 'Hi! How can I help?'], ['c', 20, 'my order'], ['a', 30, 'Sure.'], ['c', 40, ' ']] });
    expect(reactingMessages(convo)).toEqual([3]);
  });

  it('scores nothing without a reaction model, and satisfaction still predicts', () => {
    const convo = conversation({ lines: [['c', 0, 'hi'], ['b', 10, 'Hello!'], ['c', 20, 'thanks']] });
    const score = scoreConversation(convo, { ...models, reactions: null });
    expect(score.reactions.messages).toEqual([]);
    expect(score.satisfaction.predicted).toBeGreaterThanOrEqual(1);
  });
});

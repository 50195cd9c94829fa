import { describe, expect, it } from 'vitest';
import { scoreConversation } from '../../../src/scoring';
import { SATISFACTION_FEATURES, satisfactionFeatures } from '../../../src/scoring/satisfaction/features';
import { conversation, testModels, type Line } from '../../support/fixtures';

const models = testModels();
const score = (spec: Parameters<typeof conversation>[0]) => scoreConversation(conversation(spec), models).satisfaction;

const happy = {
  lines: [['c', 0, 'my order has not arrived'], ['a', 60, 'It arrives tomorrow, sorry for the wait!'], ['c', 90, 'great, thank you so much!']],
  events: [['resolved', 100, 'agent']],
} as Parameters<typeof conversation>[0];
const unhappy = {
  lines: [['c', 0, 'my order has not arrived, this is terrible'], ['a', 600, 'Can you send the order number?'], ['c', 700, 'I sent it twice already, still nothing, useless service'], ['a', 800, 'Which address did you use?']],
} as Parameters<typeof conversation>[0];

describe('predicted satisfaction', () => {
  it('rates a resolved, grateful conversation above an unresolved, angry one, within 1-5', () => {
    const good = score(happy);
    const bad = score(unhappy);
    expect(good.predicted).toBeGreaterThan(bad.predicted);
    for (const s of [good, bad]) {
      expect(s.predicted).toBeGreaterThanOrEqual(1);
      expect(s.predicted).toBeLessThanOrEqual(5);
    }
  });

  it('explains itself: the baseline plus the factors is the prediction', () => {
    const s = score(unhappy);
    const sum = s.baseline + Object.values(s.factors).reduce((a, b) => a + b!, 0);
    expect(Math.min(5, Math.max(1, sum))).toBeCloseTo(s.predicted, 6);
    expect(Object.keys(s.factors).sort()).toEqual(['abandonment', 'effort', 'escalation', 'reactions', 'resolution', 'sentiment', 'waits']);
    expect(s.factors.sentiment!).toBeLessThan(0);
  });

  it('reads whether a bot alone handled the conversation', () => {
    const botOnly = (lines: Line[]) => {
      const convo = conversation({ lines });
      return satisfactionFeatures(convo, scoreConversation(convo, models))[SATISFACTION_FEATURES.findIndex(([, name]) => name === 'bot_only')];
    };
    expect(botOnly([['c', 0, 'where is my order'], ['b', 5, 'It ships today.']])).toBe(1);
    expect(botOnly([['c', 0, 'where is my order'], ['b', 5, 'Let me get someone.'], ['a', 60, 'Hi, it ships today.']])).toBe(0);
    expect(botOnly([['c', 0, 'where is my order'], ['a', 60, 'It ships today.']])).toBe(0);
  });

  it('lets a survey answer win while keeping the prediction', () => {
    const s = score({ ...unhappy, events: [['csat', 900, 4]] });
    expect(s).toMatchObject({ surveyed: 4, final: 4 });
    expect(s.predicted).toBeLessThan(4);
  });
});

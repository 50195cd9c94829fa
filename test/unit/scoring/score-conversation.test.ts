import { describe, expect, it } from 'vitest';
import { conversationSchema } from '../../../src/contract/conversation';
import { scoreConversation } from '../../../src/scoring';
import { scorerVersion } from '../../../src/scoring/version';
import { SAMPLES, sampleConversations } from '../../../scripts/samples/conversations';
import { testModels } from '../../support/fixtures';

const models = testModels();
const conversations = sampleConversations().map((c) => conversationSchema.parse(c));

describe('scoreConversation', () => {
  it('is pure: same input, same output, input untouched', () => {
    const input = conversations[1]!;
    const before = structuredClone(input);
    const first = scoreConversation(input, models);
    expect(scoreConversation(input, models)).toEqual(first);
    expect(input).toEqual(before);
  });

  it('stamps the scorer version, built from the code and the model manifest', () => {
    expect(scoreConversation(conversations[0]!, models).scorerVersion).toBe(scorerVersion(models));
    expect(scorerVersion(models)).toMatch(/^\d+\.\d+\.\d+\+models-\d+\.\d+\.\d+$/);
  });

  it('has one sentiment per message', () => {
    for (const c of conversations) expect(scoreConversation(c, models).sentiment.messages).toHaveLength(c.messages.length);
  });
});

describe('golden samples: the labels a careful reader gives the bundled conversations', () => {
  it.each(SAMPLES.map((sample, i) => [sample.id, sample, conversations[i]!] as const))('%s', (_, sample, convo) => {
    const score = scoreConversation(convo, models);
    expect({
      handledBy: score.escalation.handledBy,
      resolution: score.resolution.outcome,
      abandonment: score.abandonment.outcome,
      ...(sample.expected.intent ? { intent: score.intent.intent } : {}),
    }).toEqual(sample.expected);
  });

  it('cover every abandonment outcome and all four languages', () => {
    expect(new Set(SAMPLES.map((s) => s.expected.abandonment))).toEqual(
      new Set(['none', 'pre_engagement', 'in_queue', 'bot_dropoff', 'post_reply_silence', 'window_expired']),
    );
    const languages = new Set(conversations.map((c) => scoreConversation(c, models).language));
    expect(languages).toEqual(new Set(['en', 'pt', 'es', 'ro']));
  });
});

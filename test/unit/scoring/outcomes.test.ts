import { describe, expect, it } from 'vitest';
import { scoreConversation } from '../../../src/scoring';
import { detectAbandonment } from '../../../src/scoring/abandonment';
import { detectEscalation } from '../../../src/scoring/escalation';
import { readOutcomes } from '../../../src/scoring/outcomes';
import { conversationSchema } from '../../../src/contract/conversation';
import { conversation, conversationInput, testModels, type Line } from '../../support/fixtures';

const models = testModels();
const score = (spec: Parameters<typeof conversation>[0]) => scoreConversation(conversation(spec), models);

describe('escalation', () => {
  it('tells bot, human, both and none apart', () => {
    const handled = (lines: Parameters<typeof conversation>[0]['lines']) => score({ lines }).escalation.handledBy;
    expect(handled([['c', 0, 'hi'], ['b', 1, 'hello']])).toBe('bot');
    expect(handled([['c', 0, 'hi'], ['a', 1, 'hello']])).toBe('human');
    expect(handled([['c', 0, 'hi'], ['b', 1, 'hello'], ['a', 60, 'hi, Ana here']])).toBe('both');
    expect(handled([['c', 0, 'hi']])).toBe('none');
  });

  it('notices a customer asking for a human, in any of the four languages', () => {
    for (const text of ['can I talk to a real person', 'quero falar com um atendente', 'quiero hablar con una persona', 'vreau sa vorbesc cu un operator']) {
      const convo = conversation({ lines: [['c', 0, text], ['b', 1, 'ok']] });
      expect(detectEscalation(convo, models).customerAskedForHuman, text).toBe(true);
    }
  });
});

describe('abandonment', () => {
  const outcome = (spec: Parameters<typeof conversation>[0]) => {
    const convo = conversation(spec);
    return detectAbandonment(convo, detectEscalation(convo, models), models).outcome;
  };

  it('pre_engagement: the customer never wrote', () => {
    expect(outcome({ lines: [['b', 0, 'Hi! Can I help?']] })).toBe('pre_engagement');
  });

  it('in_queue: handed off, and no human ever replied', () => {
    expect(outcome({ lines: [['b', 0, 'Hi'], ['c', 5, 'human please'], ['b', 6, 'Transferring']], events: [['handoff', 6]] })).toBe('in_queue');
    expect(outcome({ lines: [['c', 0, 'hello'], ['s', 1, 'queued']], events: [['queued', 1]] })).toBe('in_queue');
  });

  it('bot_dropoff: silence after a bot question, in any language', () => {
    expect(outcome({ lines: [['b', 0, 'Hi'], ['c', 5, 'return'], ['b', 6, 'What is your order number?']] })).toBe('bot_dropoff');
    expect(outcome({ lines: [['b', 0, 'Ola'], ['c', 5, 'troca'], ['b', 6, 'Qual o numero do pedido']] })).toBe('bot_dropoff');
  });

  it('post_reply_silence: the customer never answered the agent, even if the system closed it', () => {
    expect(
      outcome({ lines: [['c', 0, 'is it in stock?'], ['a', 60, 'Which size do you need?']], events: [['resolved', 9000, 'system']] }),
    ).toBe('post_reply_silence');
  });

  it('a closing "anything else?" after the customer confirmed is not abandonment', () => {
    expect(
      outcome({ lines: [['c', 0, 'reset my password'], ['a', 60, 'Done'], ['c', 90, 'thanks, that worked'], ['a', 100, 'Anything else I can help with?']] }),
    ).toBe('none');
  });

  it('window_expired: on WhatsApp the business answered after the 24 h window', () => {
    const lines: Line[] = [['c', 0, 'hello, can I change my address?'], ['a', 25 * 3600, 'Sorry for the delay, what is the new one?']];
    expect(outcome({ channel: 'whatsapp', lines })).toBe('window_expired');
    expect(outcome({ channel: 'email', lines })).toBe('post_reply_silence');
  });

  it('none when the customer had the last word or the conversation ended without an open question', () => {
    expect(outcome({ lines: [['c', 0, 'hi'], ['a', 10, 'Hello'], ['c', 20, 'ok bye']] })).toBe('none');
    expect(outcome({ lines: [['c', 0, 'hi'], ['a', 10, 'Your refund was issued.']] })).toBe('none');
  });
});

describe('resolution', () => {
  it('never counts an abandoned conversation as resolved, even with a resolved event', () => {
    const s = score({ lines: [['c', 0, 'price?'], ['a', 60, 'Which model do you mean?']], events: [['resolved', 100, 'agent']] });
    expect(s.abandonment.outcome).toBe('post_reply_silence');
    expect(s.resolution.outcome).toBe('unresolved');
  });

  it('believes the customer saying it still fails over a resolved event, and points at the message', () => {
    const s = score({
      lines: [['c', 0, 'app crashes'], ['a', 60, 'Please update it.'], ['c', 120, 'updated, still not working']],
      events: [['resolved', 130, 'agent']],
    });
    expect(s.resolution).toMatchObject({ outcome: 'unresolved', evidence: [{ seq: 2 }] });
  });

  it('takes a resolved event, with more confidence when the customer confirms', () => {
    const bare = score({ lines: [['c', 0, 'refund?'], ['a', 60, 'Refund issued.']], events: [['resolved', 70, 'agent']] });
    const thanked = score({ lines: [['c', 0, 'refund?'], ['a', 60, 'Refund issued.'], ['c', 90, 'obrigado!']], events: [['resolved', 95, 'agent']] });
    expect(bare.resolution.outcome).toBe('resolved');
    expect(thanked.resolution.confidence).toBeGreaterThan(bare.resolution.confidence);
  });

  it('a reopen without a new resolve is unresolved', () => {
    const s = score({ lines: [['c', 0, 'hi'], ['a', 60, 'Fixed.'], ['c', 9000, 'it broke again']], events: [['resolved', 70, 'agent'], ['reopened', 9000]] });
    expect(s.resolution.outcome).toBe('unresolved');
  });

  it('reads the transcript with the trained classifier, in English and Portuguese, citing the messages', () => {
    const judged = (lines: Line[]) => score({ lines }).resolution;
    const fixed = judged([['c', 0, 'My order never arrived'], ['a', 60, 'I have sent a replacement, it arrives tomorrow.'], ['c', 90, 'Great, thank you so much!']]);
    expect(fixed).toMatchObject({ outcome: 'resolved', evidence: expect.arrayContaining([expect.objectContaining({ seq: 2 })]) });
    expect(fixed.confidence).toBeGreaterThan(0.8);
    const angry = judged([['c', 0, 'My order never arrived'], ['a', 60, 'We have recorded your feedback.'], ['c', 90, 'This is ridiculous, I want my money back.']]);
    expect(angry).toMatchObject({ outcome: 'unresolved', evidence: expect.arrayContaining([expect.objectContaining({ seq: 2 })]) });
    expect(judged([['c', 0, 'Meu pedido não chegou'], ['a', 60, 'Enviamos outro, chega amanhã.'], ['c', 90, 'Perfeito, obrigado!']]).outcome).toBe('resolved');
    const pt = judged([['c', 0, 'Meu pedido não chegou'], ['a', 60, 'Registramos sua reclamação.'], ['c', 90, 'Que absurdo, quero meu dinheiro de volta.']]);
    expect(pt).toMatchObject({ outcome: 'unresolved', evidence: [{ seq: 2 }] });
  });

  it('cites the message the confirmation classifier reads as confirming the fix where no cue phrase does', () => {
    const lines: Line[] = [['c', 0, 'My phone cannot connect to the network'], ['a', 60, 'Please restart the phone and try again.'], ['c', 90, 'It got normal after the restart.']];
    const judged = score({ lines }).resolution;
    expect(judged.outcome).toBe('resolved');
    expect(judged.evidence[0]).toMatchObject({ seq: 2, reason: expect.stringMatching(/^customer confirms the solution \(P 0\.\d\d\)$/) });
    const cueCited = score({ lines: [...lines.slice(0, 2), ['c', 90, 'It is OK now.']] }).resolution.evidence;
    expect(cueCited.filter((e) => e.seq === 2)).toEqual([{ seq: 2, reason: 'customer confirms or thanks ("ok now")' }]);
  });

  it('without a trained classifier, is unknown when nothing says either way', () => {
    const cuesOnly = { ...models, resolution: null };
    const convo = conversation({ lines: [['c', 0, 'hi'], ['a', 60, 'Hello, your parcel ships Monday.'], ['c', 70, 'ok']] });
    expect(scoreConversation(convo, cuesOnly).resolution).toEqual({
      outcome: 'unknown',
      confidence: 0,
      evidence: [],
      singleTouch: false,
    });
  });

  it('is single-touch only when resolved, never reopened, by at most one human agent', () => {
    const resolved = (extra: Partial<Parameters<typeof conversation>[0]>) =>
      score({ lines: [['c', 0, 'refund?'], ['a', 60, 'Refund issued.'], ['c', 90, 'thanks!']], ...extra }).resolution.singleTouch;
    expect(resolved({})).toBe(true);
    expect(resolved({ events: [['reopened', 100]] })).toBe(false);
    const input = conversationInput('ws', { lines: [['c', 0, 'refund?'], ['a', 60, 'Let me pass you on.'], ['a', 120, 'Refund issued.'], ['c', 150, 'thanks!']] });
    input.messages[2]!.authorId = 'agent-2';
    const twoAgents = scoreConversation(conversationSchema.parse(input), models);
    expect(twoAgents.resolution).toMatchObject({ outcome: 'resolved', singleTouch: false });
  });
});

describe('surveys and conversions', () => {
  it('keeps the last answer of each survey and adds up conversions in one currency', () => {
    const convo = conversation({
      lines: [['c', 0, 'hi']],
      events: [['csat', 10, 2], ['csat', 20, 4], ['nps', 20, 9], ['conversion', 30, 'purchase', 10, 'EUR'], ['conversion', 40, 'upsell', 5, 'EUR'], ['conversion', 50, 'other', 99, 'USD']],
    });
    expect(readOutcomes(convo)).toEqual({ surveyCsat: 4, surveyNps: 9, converted: true, conversionValue: 15, conversionCurrency: 'EUR' });
  });
});

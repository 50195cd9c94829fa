import { describe, expect, it } from 'vitest';
import { scoreConversation } from '../../../src/scoring';
import { raiseFlags } from '../../../src/scoring/flags';
import { DEFAULT_FLAG_THRESHOLDS, withDefaults, type FlagThresholds } from '../../../src/scoring/flags/thresholds';
import type { Flag } from '../../../src/scoring/types';
import { conversation, testModels, type Line } from '../../support/fixtures';

const models = testModels();
type Spec = Parameters<typeof conversation>[0];

function flagsOf(spec: Spec, thresholds: Partial<FlagThresholds> = {}): Flag[] {
  const c = conversation(spec);
  return raiseFlags(c, scoreConversation(c, models), { ...DEFAULT_FLAG_THRESHOLDS, ...thresholds }, models);
}
const reasons = (flags: Flag[]) => flags.map((f) => f.reason);
const find = (flags: Flag[], reason: Flag['reason']) => flags.find((f) => f.reason === reason);

const calm: Line[] = [['c', 0, 'Hello, where is my order 123?'], ['a', 60, 'It ships today.'], ['c', 90, 'Great, thank you!']];

describe('QA flags', () => {
  it('raise nothing on a quick, resolved, friendly conversation', () => {
    expect(flagsOf({ lines: calm, events: [['resolved', 100, 'agent'], ['csat', 120, 5]] })).toEqual([]);
  });

  it('point at the reply behind a slow first response and a long later wait, with the measured seconds', () => {
    const flags = flagsOf({
      lines: [['c', 0, 'my card was charged twice'], ['a', 600, 'Let me check.'], ['c', 700, 'any news?'], ['a', 2000, 'Refunded.'], ['c', 2010, 'thanks']],
      events: [['resolved', 2020, 'agent']],
    });
    expect(find(flags, 'slow_first_response')).toEqual({ reason: 'slow_first_response', severity: 'medium', value: 600, evidence: [{ seq: 1, reason: 'answered after 600 s' }] });
    expect(find(flags, 'long_wait')).toEqual({ reason: 'long_wait', severity: 'medium', value: 1300, evidence: [{ seq: 3, reason: 'answered after 1300 s' }] });
    // More than three times the threshold is severe; a workspace can move the threshold.
    expect(find(flagsOf({ lines: [['c', 0, 'hello?'], ['a', 1000, 'Hi!']] }), 'slow_first_response')?.severity).toBe('high');
    expect(reasons(flagsOf({ lines: [['c', 0, 'hello?'], ['a', 1000, 'Hi!']] }, { slowFirstResponseSeconds: 1200 }))).not.toContain('slow_first_response');
    // Email has its own pace: hours, not minutes.
    expect(reasons(flagsOf({ channel: 'email', lines: [['c', 0, 'hello?'], ['a', 3600, 'Hi!']] }))).not.toContain('slow_first_response');
    expect(find(flagsOf({ channel: 'email', lines: [['c', 0, 'hello?'], ['a', 20_000, 'Hi!']] }), 'slow_first_response')?.value).toBe(20_000);
  });

  it('merge a workspace\'s thresholds over the defaults, channel by channel', () => {
    const t = withDefaults({ lowPredictedCsat: 2, byChannel: { whatsapp: { slowFirstResponseSeconds: 600 }, email: { longWaitSeconds: 3600 } } });
    expect(t.lowPredictedCsat).toBe(2);
    expect(t.byChannel).toEqual({ whatsapp: { slowFirstResponseSeconds: 600 }, email: { slowFirstResponseSeconds: 14_400, longWaitSeconds: 3600 } });
    expect(withDefaults(null)).toEqual(DEFAULT_FLAG_THRESHOLDS);
  });

  it('catch abusive language from either side, in every language, and not inside other words', () => {
    for (const text of ['this is fucking useless', 'que merda de atendimento', 'vete a la mierda', 'esti un idiot, e un căcat']) {
      const flag = find(flagsOf({ lines: [['c', 0, 'hi'], ['a', 30, 'Hello, how can I help?'], ['c', 60, text]] }), 'abusive_language');
      expect(flag, text).toMatchObject({ severity: 'high', evidence: [{ seq: 2 }] });
    }
    expect(find(flagsOf({ lines: [['c', 0, 'where is my order?'], ['a', 30, 'Shut up and wait.']] }), 'abusive_language')?.evidence).toEqual([
      { seq: 1, reason: 'the agent wrote "shut up"' },
    ]);
    for (const text of ['I ordered shiitake mushrooms', 'the assessment was fine', 'Scunthorpe branch', 'uma bela massa', 'mi perro es pequeño']) {
      expect(reasons(flagsOf({ lines: [['c', 0, text], ['a', 30, 'Thanks for telling us.']] })), text).not.toContain('abusive_language');
    }
  });

  it('flag survey detractors by their answer, and predictions only where nobody answered', () => {
    expect(find(flagsOf({ lines: calm, events: [['csat', 120, 2]] }), 'survey_detractor')).toEqual({
      reason: 'survey_detractor',
      severity: 'medium',
      evidence: [{ event: 'survey', reason: 'CSAT 2' }],
    });
    expect(find(flagsOf({ lines: calm, events: [['csat', 120, 1], ['nps', 121, 2]] }), 'survey_detractor')).toMatchObject({
      severity: 'high',
      evidence: [{ reason: 'CSAT 1' }, { reason: 'NPS 2' }],
    });
    expect(reasons(flagsOf({ lines: calm, events: [['csat', 120, 3]] }))).not.toContain('survey_detractor');
    // A survey answer is the customer's own word: no prediction flag beside it, even a low one.
    const surveyed = flagsOf({ lines: calm, events: [['csat', 120, 5]] }, { lowPredictedCsat: 5 });
    expect(reasons(surveyed)).not.toContain('low_predicted_satisfaction');
    const predicted = find(flagsOf({ lines: calm }, { lowPredictedCsat: 5 }), 'low_predicted_satisfaction');
    expect(predicted?.value).toBeLessThanOrEqual(5);
    expect(predicted?.evidence[0]?.reason).toMatch(/^predicted \d/);
  });

  it('flag a request for a human, more so when nobody came', () => {
    const unheeded = find(flagsOf({ lines: [['b', 0, 'Hi! How can I help?'], ['c', 10, 'I want to talk to a person'], ['b', 12, 'I can help you here.']] }), 'asked_for_human');
    expect(unheeded).toMatchObject({ severity: 'medium', evidence: [{ seq: 1 }] });
    const heeded = flagsOf({
      lines: [['b', 0, 'Hi! How can I help?'], ['c', 10, 'I want to talk to a person'], ['a', 40, 'Hi, Ana here.'], ['c', 50, 'thanks']],
      events: [['handoff', 12]],
    });
    expect(find(heeded, 'asked_for_human')?.severity).toBe('low');
  });

  it('name the abandonment type, and say unresolved only of conversations not abandoned', () => {
    expect(find(flagsOf({ lines: [['b', 0, 'Hi! What is your order number?'], ['c', 5, 'hello'], ['b', 6, 'What is your order number?']] }), 'abandoned_bot_dropoff')).toMatchObject({
      severity: 'medium',
    });
    const reopened = flagsOf({ lines: calm, events: [['resolved', 100, 'agent'], ['reopened', 200]] });
    expect(find(reopened, 'unresolved')?.evidence[0]).toEqual({ event: 'reopened', reason: 'reopened and not resolved again' });
    expect(reasons(reopened).filter((r) => r.startsWith('abandoned'))).toEqual([]);
  });

  it('see the same request asked again, not two short hellos', () => {
    const flags = flagsOf({
      lines: [['c', 0, 'where is my order number 123 please'], ['a', 60, 'Checking.'], ['c', 3000, 'please where is my order number 123'], ['a', 3060, 'It ships today.']],
    });
    expect(find(flags, 'repeated_request')?.evidence).toEqual([
      { seq: 0, reason: 'asked' },
      { seq: 2, reason: 'asked again (message 0)' },
    ]);
    expect(reasons(flagsOf({ lines: [['c', 0, 'hello?'], ['c', 30, 'hello?'], ['a', 60, 'Hi!']] }))).not.toContain('repeated_request');
  });

  it('flag a bot that lost the thread, a bitter ending and a harsh agent, most severe first', () => {
    const flags = flagsOf({
      lines: [
        ['c', 0, 'I want to change my delivery address'],
        ['b', 5, "Sorry, I don't understand. Could you rephrase?"],
        ['c', 20, 'change the address of my order'],
        ['a', 80, 'That is a stupid question, read the terrible manual, I hate this.'],
        ['c', 100, 'This is awful, the worst service ever. I am furious and disgusted.'],
      ],
    });
    expect(find(flags, 'bot_breakdown')?.evidence).toEqual([{ seq: 1, reason: 'the bot said it did not understand' }]);
    expect(find(flags, 'negative_ending')?.evidence).toEqual([expect.objectContaining({ seq: 4 })]);
    expect(find(flags, 'agent_negative_tone')?.evidence).toEqual([expect.objectContaining({ seq: 3 })]);
    // An apology scores negative but is courtesy, in every language.
    const apologies: [string, string][] = [
      ['my order never arrived', 'I am very sorry. We can offer a 20% voucher.'],
      ['mi pedido no llegó', 'Lo sentimos mucho, es terrible lo que pasó.'],
      ['a minha encomenda chegou partida', 'Pedimos desculpa, é inaceitável e péssimo.'],
      ['comanda mea nu a ajuns', 'Ne cerem scuze! Trimitem produsul lipsă mâine, fără cost.'],
    ];
    for (const [complaint, apology] of apologies) {
      const c = conversation({ lines: [['c', 0, complaint], ['a', 60, apology], ['c', 90, 'ok']] });
      const score = scoreConversation(c, models);
      // Without the exemption these would be flagged.
      expect(score.sentiment.messages[1]!.sentiment, apology).toBeLessThan(DEFAULT_FLAG_THRESHOLDS.agentNegativeTone);
      expect(reasons(raiseFlags(c, score, DEFAULT_FLAG_THRESHOLDS, models)), apology).not.toContain('agent_negative_tone');
    }
    const order = { high: 0, medium: 1, low: 2 };
    expect(flags.map((f) => order[f.severity])).toEqual([...flags.map((f) => order[f.severity])].sort());
  });
});

import { describe, expect, it } from 'vitest';
import { defaultIntentExamples, seedLanguageOf } from '../../src/training/default-intents';

describe('the default taxonomy\'s training set', () => {
  it('knows each seed phrase\'s language from its example id, and that a Bitext one has none', () => {
    const seed = { _about: 'ignored', order_status: { pt: ['cade meu pedido'], ro: ['unde e comanda'] }, talk_to_human: { es: ['quiero una persona'] } };
    const bitext = [{ id: 'bitext-7', text: 'where is my order', label: 'track_order' }];
    const examples = defaultIntentExamples(seed, bitext);
    expect(examples.map((e) => [e.text, e.label, seedLanguageOf(e.id)])).toEqual([
      ['cade meu pedido', 'order_status', 'pt'],
      ['unde e comanda', 'order_status', 'ro'],
      ['quiero una persona', 'talk_to_human', 'es'],
      ['where is my order', 'order_status', null],
    ]);
  });
});

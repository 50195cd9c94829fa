import { describe, expect, it } from 'vitest';
import { languageInContext } from '../../scripts/eval/language-context';
import { testModels } from '../support/fixtures';

const models = testModels();
const english = { language: 'en' as const, texts: ['where is my order, it has not arrived', 'I want a refund for this broken phone', 'still waiting for an answer from you'] };
// The last one, alone, is Spanish by a hair; the two before it make its conversation Portuguese.
const portuguese = { language: 'pt' as const, texts: ['o meu pedido ainda nao chegou', 'quero falar com um atendente agora', 'que absurdo, nada funciona'] };

describe('language identification in conversations (eval)', () => {
  it('counts the messages given their file\'s language three to a conversation, and the switches kept', () => {
    expect(models.language.identify(portuguese.texts[2]!)).toBe('es');
    const figures = languageInContext(portuguese, [english, portuguese], models);
    expect(figures.languageAccuracyInConversation).toBe(1);
    expect(figures.languageSwitchAccuracy).toBe(1);
    expect(Object.keys(figures)).toEqual([
      'languageAccuracyInConversation',
      'languageAccuracyInConversationNoDiacritics',
      'languageSwitchAccuracy',
      'languageSwitchAccuracyNoDiacritics',
    ]);
  });

  it('reports no switch figure without another language to switch to', () => {
    const figures = languageInContext(english, [english], models);
    expect(figures.languageAccuracyInConversation).toBe(1);
    expect(figures).not.toHaveProperty('languageSwitchAccuracy');
  });
});

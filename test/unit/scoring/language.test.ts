import { describe, expect, it } from 'vitest';
import { CONTEXT_MARGIN, detectLanguages } from '../../../src/scoring/language';
import { SCORED_LANGUAGES } from '../../../src/scoring/models';
import { conversation, testModels } from '../../support/fixtures';

const models = testModels();
const detect = (text: string, language?: string) =>
  detectLanguages(conversation({ language, lines: [['c', 0, text]] }), models);

describe('language identification', () => {
  it.each([
    ['en', 'where is my order? it is still not here'],
    ['pt', 'olá, o meu pedido ainda não chegou'],
    ['pt', 'ola, o meu pedido ainda nao chegou'],
    ['pt', 'quero cancelar minha assinatura'],
    ['es', '¿Dónde está mi pedido? Todavía no llegó'],
    ['es', 'hola, todavia no llego mi pedido'],
    ['es', 'quiero cancelar mi suscripcion'],
    ['ro', 'Bună ziua, comanda mea nu a ajuns încă'],
    ['ro', 'buna ziua, comanda mea nu a ajuns inca'],
    ['ro', 'vreau sa anulez abonamentul'],
  ])('%s: "%s"', (lang, text) => {
    expect(detect(text).conversation).toBe(lang);
  });

  it('answers "other" for a language Parley does not score', () => {
    expect(detect('Guten Tag, meine Bestellung ist leider noch nicht angekommen').conversation).toBe('other');
    expect(detect('Bonjour, ma commande n’est toujours pas arrivée').conversation).toBe('other');
  });

  it('uses the declared language when given, reduced to its primary subtag', () => {
    expect(detect('ok', 'pt-BR').conversation).toBe('pt');
    expect(detect('where is my order?', 'de').conversation).toBe('other');
  });

  it('lets short messages and business messages inherit the conversation language', () => {
    const result = detectLanguages(
      conversation({ lines: [['c', 0, 'buna ziua, comanda mea nu a ajuns inca'], ['a', 20, 'Ok, verific acum.'], ['c', 30, 'ok']] }),
      models,
    );
    expect(result.messages).toEqual(['ro', 'ro', 'ro']);
  });

  it('follows a customer who switches language, and takes the language with most text', () => {
    const result = detectLanguages(
      conversation({
        lines: [
          ['c', 0, 'Hello, my order has not arrived yet'],
          ['c', 10, 'desculpe, prefiro falar em português: o meu pedido não chegou e preciso dele amanhã'],
        ],
      }),
      models,
    );
    expect(result.messages).toEqual(['en', 'pt']);
    expect(result.conversation).toBe('pt');
  });

  it('reads a message too close to call between two languages in its conversation\'s, and keeps a clear switch', () => {
    const close = 'que absurdo, nada funciona'; // Portuguese as much as Spanish, in letters and in words: Spanish by a hair
    expect(models.language.identify(close)).toBe('es');
    expect(models.language.read(close)!.behind[SCORED_LANGUAGES.indexOf('pt')]).toBeLessThan(CONTEXT_MARGIN);
    const lines = (...texts: string[]): ['c', number, string][] => texts.map((text, i) => ['c', i * 10, text]);
    const portuguese = 'o meu pedido ainda nao chegou, ja faz uma semana';
    expect(detectLanguages(conversation({ lines: lines(portuguese, close) }), models).messages).toEqual(['pt', 'pt']);
    expect(detectLanguages(conversation({ language: 'pt-BR', lines: lines(close) }), models).messages).toEqual(['pt']);
    expect(detectLanguages(conversation({ lines: lines(portuguese, 'quiero hablar con alguien ya') }), models).messages).toEqual(['pt', 'es']);
    // Alone, it keeps what it reads as.
    expect(detect(close).messages).toEqual(['es']);
  });

  it('says other when nothing points to a language', () => {
    expect(detect('12345').conversation).toBe('other');
  });
});

import { describe, expect, it } from 'vitest';
import { detectLanguages } from '../../../src/scoring/language';
import { conversation, testModels } from '../../support/fixtures';

const models = testModels();
const detect = (text: string, language?: string) =>
  detectLanguages(conversation({ language, lines: [['c', 0, text]] }), models);

describe('language identification', () => {
  it.each([
    ['en', 'where is my order? it is still not here'],
    ['pt', 'ola, o meu pedido ainda nao chegou'],
    ['pt', 'Não recebi a encomenda'],
    ['es', 'hola, todavia no llego mi pedido'],
    ['es', '¿Dónde está mi pedido?'],
    ['ro', 'buna ziua, comanda mea nu a ajuns inca'],
    ['ro', 'Mulțumesc pentru ajutor'],
  ])('%s: "%s"', (lang, text) => {
    expect(detect(text).conversation).toBe(lang);
  });

  it('uses the declared language when given, reduced to its primary subtag', () => {
    expect(detect('ok', 'pt-BR').conversation).toBe('pt');
    expect(detect('Guten Tag', 'de').conversation).toBe('other');
  });

  it('lets a short message inherit the conversation language', () => {
    const result = detectLanguages(
      conversation({ lines: [['c', 0, 'buna ziua, comanda mea nu a ajuns inca'], ['c', 30, 'ok']] }),
      models,
    );
    expect(result.messages).toEqual(['ro', 'ro']);
  });

  it('says other when nothing points to a language', () => {
    expect(detect('12345').conversation).toBe('other');
  });
});

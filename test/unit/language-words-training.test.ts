import { describe, expect, it } from 'vitest';
import { languageWords } from '../../src/scoring/language/word-evidence';
import { trainLanguageWords } from '../../src/training/language-words';

describe('language word statistics', () => {
  it('reads a text\'s distinct words folded, without links, mentions or hashtags', () => {
    expect(languageWords('Não, NAO! @loja #Promoção https://x.pt/a?b=1 www.loja.pt não-chegou')).toEqual(['nao', 'chegou']);
  });

  it('keeps each language\'s most common words and gives every language a smoothed log-probability of each', () => {
    const sets = [
      { language: 'pt', texts: ['nao chegou', 'nao veio', 'meu pedido', 'pedido nao'] },
      { language: 'es', texts: ['no llego', 'mi pedido', 'no vino', 'pedido no'] },
    ];
    const options = { wordsPerLanguage: 2, minMessages: 2, smoothing: 0.5 };
    const { languages, words } = trainLanguageWords(sets, options);
    expect(languages).toEqual(['pt', 'es']);
    // pt: nao 3, pedido 2 (meu, chegou, veio once); es: no 3, pedido 2.
    expect(Object.keys(words)).toEqual(['nao', 'no', 'pedido']);
    const p = (count: number) => Number(Math.log((count + 0.5) / 5).toPrecision(5));
    expect(words.nao).toEqual([p(3), p(0)]);
    expect(words.no).toEqual([p(0), p(3)]);
    expect(words.pedido).toEqual([p(2), p(2)]);
  });

  it('breaks ties between equally common words by the word, and drops words under minMessages', () => {
    const sets = [{ language: 'ro', texts: ['va rog', 'rog va', 'nu'] }];
    expect(Object.keys(trainLanguageWords(sets, { wordsPerLanguage: 1, minMessages: 2, smoothing: 0.5 }).words)).toEqual(['rog']);
    expect(Object.keys(trainLanguageWords(sets, { wordsPerLanguage: 5, minMessages: 2, smoothing: 0.5 }).words)).toEqual(['rog', 'va']);
  });
});

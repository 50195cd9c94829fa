import { languageWords, type LanguageWordsFile } from '../scoring/language/word-evidence';

export interface LanguageTexts {
  language: string;
  texts: readonly string[];
}

/**
 * The word statistics' settings. Only each language's most common words are kept: on tweets those
 * are mostly function words and chat spelling ("nao", "meu", "pq", "va", "rog"), which say which
 * language a message is in whatever it is about; a longer list learns the tweets' topics (a four-way
 * classifier over every word and n-gram of the tweets read "how do I get a refund" as Portuguese,
 * docs/evaluation.md). 100 and 300 words gave the same answers on hand-written chat phrases; 1,000
 * read fewer Portuguese ones right.
 */
export const LANGUAGE_WORD_OPTIONS: LanguageWordsFile['options'] = { wordsPerLanguage: 100, minMessages: 5, smoothing: 0.5 };

const round = (v: number) => Number(v.toPrecision(5));

/**
 * For each language's `wordsPerLanguage` words found in the most of its messages (at least
 * `minMessages`; ties by the word), log P(a message contains the word) in every language, with
 * `smoothing` added to each count (a word never seen in a language is rare there, not impossible).
 * Deterministic.
 */
export function trainLanguageWords(sets: readonly LanguageTexts[], options = LANGUAGE_WORD_OPTIONS): Pick<LanguageWordsFile, 'languages' | 'words'> {
  const counts = sets.map(({ texts }) => {
    const seen = new Map<string, number>();
    for (const text of texts) for (const word of languageWords(text)) seen.set(word, (seen.get(word) ?? 0) + 1);
    return seen;
  });
  const vocabulary = new Set<string>();
  for (const seen of counts) {
    [...seen]
      .filter(([, n]) => n >= options.minMessages)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, options.wordsPerLanguage)
      .forEach(([word]) => vocabulary.add(word));
  }
  const words: Record<string, number[]> = {};
  for (const word of [...vocabulary].sort()) {
    words[word] = sets.map(({ texts }, l) => round(Math.log(((counts[l]!.get(word) ?? 0) + options.smoothing) / (texts.length + 2 * options.smoothing))));
  }
  return { languages: sets.map((s) => s.language), words };
}

import type { TrainingSource } from '../classifier/model-file';
import { stripDiacritics } from '../text/normalize';

/**
 * models/language/words.json: each language's most common words in its development messages, and
 * for each such word, per language, log P(a message of that language contains it).
 */
export interface LanguageWordsFile {
  trainedOn: TrainingSource[];
  options: { wordsPerLanguage: number; minMessages: number; smoothing: number };
  trainedIdHashes: number[];
  /** The order of every word's log-probabilities. */
  languages: string[];
  words: Record<string, number[]>;
}

/** Per language asked for (in that order), the summed log-probabilities of the known words a text contains. */
export type WordEvidence = (text: string) => Float64Array;

// Names, links and tags say nothing about the language a message is written in.
const NOT_PROSE = /https?:\/\/\S+|www\.\S+|[@#][\p{L}\p{N}_]+/gu;
const WORD = /\p{L}+/gu;

/** A text's distinct words as the word statistics count them: lowercase, without diacritics. */
export function languageWords(text: string): string[] {
  return [...new Set(stripDiacritics(text.toLowerCase()).replace(NOT_PROSE, ' ').match(WORD) ?? [])];
}

export function toWordEvidence(file: Pick<LanguageWordsFile, 'languages' | 'words'>, languages: readonly string[]): WordEvidence {
  const at = languages.map((language) => {
    const index = file.languages.indexOf(language);
    if (index < 0) throw new Error(`the language word statistics have no ${language}`);
    return index;
  });
  const words = new Map(Object.entries(file.words).map(([word, logs]) => [word, Float64Array.from(at, (i) => logs[i]!)]));
  const count = languages.length;
  return (text) => {
    const sums = new Float64Array(count);
    for (const word of languageWords(text)) {
      const logs = words.get(word);
      if (logs) for (let l = 0; l < count; l++) sums[l]! += logs[l]!;
    }
    return sums;
  };
}

import type { LanguageCode } from '../types';
import type { LanguageGuess, LanguageIdentifier, LanguageReading } from './identifier';
import type { WordEvidence } from './word-evidence';

export interface LanguageReader {
  /** A scored language, "other", or null when the text carries too little evidence. */
  identify(text: string): LanguageCode | null;
  /**
   * identify()'s answer and, from the same reading of the text, how far below the answer's score
   * (scores in [0, 1)) each scored language scores, in the scored languages' order; Infinity for one
   * with no evidence, negative for one the identifier itself scored higher. Null when there is no
   * answer.
   */
  read(text: string): { language: LanguageCode | null; behind: readonly number[] } | null;
}

/**
 * A scored language the n-gram identifier places within this much of its answer (on its 0-1
 * scale) is close enough for the words to decide. Measured on the development tweets (5-fold CV)
 * and on hand-written chat phrases the statistics never saw (docs/evaluation.md): 0.02 settled
 * fewer Portuguese phrases (0.957 against 0.983); 0.1 more tweets, but read 12 of 150 texts in
 * languages Parley does not score as one of its four, against 8 (eld alone: 4). The margin is what
 * keeps text the letters clearly place in another language out of ours.
 */
export const WORD_MARGIN = 0.05;
/**
 * How much likelier (in nats: e^2, about 7 times) the words must make the other language. The
 * tweets could not tell 1 from 2; 2 is the more cautious.
 */
export const WORD_LEAD = 2;

/**
 * The n-gram identifier (eld's table) reads letters; on a message of three to six words Portuguese
 * and Spanish, or Romanian and Italian, can score within a hair of each other ("quero cancelar o
 * contrato" reads as Spanish), while the words themselves ("quero", "meu", "nao", "va rog") are
 * telling. Where another scored language is within WORD_MARGIN of the identifier's answer, the
 * word statistics (models/language/words.json) decide between them: the answer changes to it when
 * they favour it by WORD_LEAD over the answer, or, when the answer is a language we do not score,
 * over every other scored language. Without word statistics, the identifier's answer stands.
 */
export function toLanguageReader(identifier: LanguageIdentifier, scored: readonly string[], words: WordEvidence | null): LanguageReader {
  const scoredLanguage = (guess: LanguageGuess): LanguageCode | null => {
    if (scored.includes(guess.language)) return guess.language as LanguageCode;
    return guess.reliable ? 'other' : null;
  };

  /** The index in `scored` the words move the answer to, or -1 when it stands. */
  function wordsDecide(reading: LanguageReading, text: string): number {
    if (!words) return -1;
    const top = scored.indexOf(reading.language);
    let evidence: Float64Array | null = null;
    let pick = -1;
    for (let l = 0; l < scored.length; l++) {
      if (l === top || !(reading.behind[l]! <= WORD_MARGIN)) continue;
      evidence ??= words(text);
      let rival = top >= 0 ? evidence[top]! : -Infinity;
      if (top < 0) for (let j = 0; j < scored.length; j++) if (j !== l) rival = Math.max(rival, evidence[j]!);
      if (evidence[l]! - rival >= WORD_LEAD && (pick < 0 || evidence[l]! > evidence[pick]!)) pick = l;
    }
    return pick;
  }

  function read(text: string): ReturnType<LanguageReader['read']> {
    const reading = identifier.read(text, scored);
    if (!reading) return null;
    const pick = wordsDecide(reading, text);
    if (pick < 0) return { language: scoredLanguage(reading), behind: reading.behind };
    const shift = reading.behind[pick]!;
    return { language: scored[pick] as LanguageCode, behind: reading.behind.map((b) => b - shift) };
  }

  return { identify: (text) => read(text)?.language ?? null, read };
}

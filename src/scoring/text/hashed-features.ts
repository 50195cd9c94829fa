import { FNV_OFFSET, fnvChar, fnvString } from './hash';

/**
 * Sparse text features as FNV-1a hashes of strings such as "w:good", "w:n:good" (a word in a
 * negation's scope), "b:not_good" (a word bigram), "c: go" (a character n-gram of " good "),
 * "s::)" (an emoticon or emoji). Hashing piece by piece builds no strings.
 */
const WORD = fnvString(FNV_OFFSET, 'w:');
const NEGATED_WORD = fnvString(FNV_OFFSET, 'w:n:');
const BIGRAM = fnvString(FNV_OFFSET, 'b:');
const CHAR = fnvString(FNV_OFFSET, 'c:');
const SYMBOL = fnvString(FNV_OFFSET, 's:');
const SPACE = 32;
const UNDERSCORE = 95;

/** The hash state after a prefix such as "cu:": words and bigrams hashed from it are that part's features. */
export const partPrefix = (prefix: string) => fnvString(FNV_OFFSET, prefix);
export const partWord = (part: number, word: string) => fnvString(part, word);
export const partBigram = (part: number, first: string, second: string) => fnvString(fnvChar(fnvString(part, first), UNDERSCORE), second);

/** The words and word pairs of `words`, as features of `part`. */
export function pushPartWords(out: number[], part: number, words: readonly string[]): void {
  let previous: string | null = null;
  for (const token of words) {
    out.push(partWord(part, token));
    if (previous !== null) out.push(partBigram(part, previous, token));
    previous = token;
  }
}

export const wordFeature = (word: string, negated = false) => partWord(negated ? NEGATED_WORD : WORD, word);
export const bigramFeature = (first: string, second: string) => partBigram(BIGRAM, first, second);
/** The hash state of bigrams starting with `first`: bigramFeature(first, second) = fnvString(bigramPrefix(first), second). */
export const bigramPrefix = (first: string) => fnvChar(fnvString(BIGRAM, first), UNDERSCORE);
export const symbolFeature = (symbol: string) => fnvString(SYMBOL, symbol);

/** Hashes of the character n-grams, for each n of `sizes`, of " word " (the word padded with a space on each side). */
export function pushCharNgrams(out: number[], word: string, sizes: readonly number[]): void {
  const length = word.length + 2;
  for (const n of sizes) {
    for (let start = 0; start + n <= length; start++) {
      let h = CHAR;
      for (let i = start; i < start + n; i++) h = fnvChar(h, i === 0 || i === length - 1 ? SPACE : word.charCodeAt(i - 1));
      out.push(h);
    }
  }
}

const URL = /\b(?:https?:\/\/|www\.)\S+/giu;
const MENTION = /@\w+/gu;
const DIGITS = /\d+/gu;

// The URL pattern is tried at every position of a text; a URL needs "://" or "www." (in any case),
// and looking for those first spares almost every message that walk.
const WWW = /www\./i;

/** URLs, @mentions and digit runs become placeholders: their exact values never generalise. */
export function normalizeForFeatures(text: string): string {
  const unlinked = text.includes('://') || WWW.test(text) ? text.replace(URL, ' xurl ') : text;
  const unmentioned = unlinked.includes('@') ? unlinked.replace(MENTION, ' xuser ') : unlinked;
  return unmentioned.replace(DIGITS, '0');
}

import type { Models, ScoredLanguage } from '../models';
import { FNV_OFFSET, fnvChar, fnvString } from '../text/hash';
import { collapseElongation, fold, isWordToken, tokenize } from '../text/normalize';

/**
 * What the classifier sees of one message. Training and scoring both call this, so they cannot drift.
 * Sparse features are the FNV-1a hashes of strings such as "w:good", "w:n:good" (in a negation's
 * scope), "b:not_good", "c: go" (character n-gram of " good "), "s::)"; hashing them piece by
 * piece builds no strings, which is most of the speed of scoring.
 */
export interface MessageFeatures {
  sparse: number[];
  dense: number[];
}

export const DENSE_FEATURES = [
  'lexicon_score',
  'lexicon_positive',
  'lexicon_negative',
  'polarity_positive',
  'polarity_negative',
  'symbol_positive',
  'symbol_negative',
  'exclamations',
  'question',
  'shouting',
  'elongation',
] as const;

const NEGATION_SCOPE = 3;
const CHAR_NGRAMS = [3, 4, 5] as const;
const SPACE = 32;
const UNDERSCORE = 95;

const WORD = fnvString(FNV_OFFSET, 'w:');
const NEGATED_WORD = fnvString(FNV_OFFSET, 'w:n:');
const BIGRAM = fnvString(FNV_OFFSET, 'b:');
const CHAR = fnvString(FNV_OFFSET, 'c:');
const SYMBOL = fnvString(FNV_OFFSET, 's:');

const URL = /\b(?:https?:\/\/|www\.)\S+/giu;
const MENTION = /@\w+/gu;
const DIGITS = /\d+/gu;

function normalizeForFeatures(text: string): string {
  return text.replace(URL, ' xurl ').replace(MENTION, ' xuser ').replace(DIGITS, '0');
}

/** Hashes of the character n-grams of " word " (the word padded with a space on each side). */
function pushCharNgrams(out: number[], word: string): void {
  const length = word.length + 2;
  for (const n of CHAR_NGRAMS) {
    for (let start = 0; start + n <= length; start++) {
      let h = CHAR;
      for (let i = start; i < start + n; i++) h = fnvChar(h, i === 0 || i === length - 1 ? SPACE : word.charCodeAt(i - 1));
      out.push(h);
    }
  }
}

/** `lexiconScore` is the message's lexicon score (lexicon.ts), passed in so it is computed once. */
export function messageFeatures(text: string, language: ScoredLanguage, models: Models, lexiconScore: number): MessageFeatures {
  const { lexicons, polarity, negators, symbols } = models.sentiment;
  const sparse: number[] = [];
  let previous: string | null = null;
  let negatedFor = 0;
  let lexPositive = 0;
  let lexNegative = 0;
  let polPositive = 0;
  let polNegative = 0;
  let symPositive = 0;
  let symNegative = 0;
  let shouting = 0;
  let elongation = 0;

  for (const token of tokenize(normalizeForFeatures(text))) {
    if (!isWordToken(token)) {
      const valence = symbols.get(token) ?? symbols.get(token.replace('\uFE0F', '')) ?? 0;
      if (valence > 0) symPositive++;
      else if (valence < 0) symNegative++;
      sparse.push(fnvString(SYMBOL, token));
      continue;
    }
    if (token.length > 2 && token === token.toUpperCase() && token !== token.toLowerCase()) shouting++;
    const folded = fold(token);
    const word = collapseElongation(folded);
    if (word !== folded) elongation++;
    if (previous !== null) sparse.push(fnvString(fnvChar(fnvString(BIGRAM, previous), UNDERSCORE), word));
    previous = word;
    if (negators[language].has(word)) {
      negatedFor = NEGATION_SCOPE;
      sparse.push(fnvString(WORD, word));
      continue;
    }
    const negated = negatedFor > 0;
    sparse.push(fnvString(negated ? NEGATED_WORD : WORD, word));
    if (negated) negatedFor--;
    const valence = lexicons[language].get(word);
    if (valence !== undefined) {
      if (valence > 0) lexPositive++;
      else lexNegative++;
    }
    const pol = (polarity[language].get(word) ?? 0) * (negated ? -1 : 1);
    if (pol > 0) polPositive += pol;
    else polNegative -= pol;
    pushCharNgrams(sparse, word);
  }

  const squash = (count: number) => count / (count + 1);
  return {
    sparse,
    dense: [
      lexiconScore,
      squash(lexPositive),
      squash(lexNegative),
      squash(polPositive),
      squash(polNegative),
      squash(symPositive),
      squash(symNegative),
      squash((text.match(/!/g) ?? []).length),
      text.includes('?') ? 1 : 0,
      squash(shouting),
      squash(elongation),
    ],
  };
}

import type { Models, ScoredLanguage } from '../models';
import { collapseElongation, fold, isWordToken, tokenize } from '../text/normalize';

/** What the classifier sees of one message. Training and scoring both call this, so they cannot drift. */
export interface MessageFeatures {
  sparse: string[];
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

const URL = /\b(?:https?:\/\/|www\.)\S+/giu;
const MENTION = /@\w+/gu;
const DIGITS = /\d+/gu;

function normalizeForFeatures(text: string): string {
  return text.replace(URL, ' xurl ').replace(MENTION, ' xuser ').replace(DIGITS, '0');
}

/**
 * Sparse features: folded words (those in a negation's scope marked "n:"), word bigrams and
 * character 3-5-grams of each word; dense features: lexicon evidence and typography.
 * `lexiconScore` is the message's lexicon score (sentiment/index.ts), passed in to avoid a cycle.
 */
export function messageFeatures(text: string, language: ScoredLanguage, models: Models, lexiconScore: number): MessageFeatures {
  const { lexicons, polarity, negators, symbols } = models.sentiment;
  const sparse: string[] = [];
  const words: string[] = [];
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
      sparse.push(`s:${token}`);
      continue;
    }
    if (token.length > 2 && token === token.toUpperCase() && token !== token.toLowerCase()) shouting++;
    const folded = fold(token);
    const word = collapseElongation(folded);
    if (word !== folded) elongation++;
    words.push(word);
    if (negators[language].has(word)) {
      negatedFor = NEGATION_SCOPE;
      sparse.push(`w:${word}`);
      continue;
    }
    const negated = negatedFor > 0;
    sparse.push(negated ? `w:n:${word}` : `w:${word}`);
    if (negated) negatedFor--;
    const pol = (polarity[language].get(word) ?? 0) * (negated ? -1 : 1);
    if (pol > 0) polPositive += pol;
    else polNegative -= pol;
    const valence = lexicons[language].get(word);
    if (valence !== undefined) {
      if (valence > 0) lexPositive++;
      else lexNegative++;
    }
    const padded = ` ${word} `;
    for (const n of CHAR_NGRAMS) {
      for (let i = 0; i + n <= padded.length; i++) sparse.push(`c:${padded.slice(i, i + n)}`);
    }
  }
  for (let i = 1; i < words.length; i++) sparse.push(`b:${words[i - 1]}_${words[i]}`);

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

import type { Models, ScoredLanguage } from '../models';
import { collapseElongation, countChar, fold, isWordToken, tokenize } from '../text/normalize';
import type { LanguageCode } from '../types';

// VADER's normalisation of a summed valence into (-1, 1): x / sqrt(x^2 + alpha), alpha = 15.
const NORMALIZATION_ALPHA = 15;
// Negation scope: the next three words, as in VADER, rather than natural's "rest of the message".
const NEGATION_SCOPE = 3;
// VADER's scalar for a flipped valence (negated positives are weaker than plain negatives).
const NEGATION_SCALAR = -0.74;
// VADER's B_INCR, applied as a multiplier on the next word's valence.
const INTENSIFIER_BOOST = 1.293;

export function normalizeValence(sum: number): number {
  return sum / Math.sqrt(sum * sum + NORMALIZATION_ALPHA);
}

function lookup(lexicon: ReadonlyMap<string, number>, word: string, collapsed: string): number | undefined {
  const direct = lexicon.get(word);
  if (direct !== undefined || collapsed === word) return direct;
  return lexicon.get(collapsed) ?? lexicon.get(collapsed.replace(/(\p{L})\1/gu, '$1'));
}

/** Lexicon-only score of one message in [-1, 1], with negation, intensifiers, elongation and emoji. */
export function scoreLexicon(text: string, language: LanguageCode, models: Models): number {
  return scoreLexiconTokens(tokenize(text), text, language, models);
}

/** scoreLexicon over the message's tokens, for callers that have tokenized it already. */
export function scoreLexiconTokens(tokens: readonly string[], text: string, language: LanguageCode, models: Models): number {
  const lang: ScoredLanguage = language === 'other' ? 'en' : language;
  const { lexicons, negators, intensifiers, symbols } = models.sentiment;
  let sum = 0;
  let negatedFor = 0;
  let boost = 1;
  for (const token of tokens) {
    if (!isWordToken(token)) {
      sum += symbols.get(token) ?? symbols.get(token.replace('\uFE0F', '')) ?? 0;
      continue;
    }
    const word = fold(token);
    if (negators[lang].has(word)) {
      negatedFor = NEGATION_SCOPE;
      continue;
    }
    if (intensifiers[lang].has(word)) {
      boost = INTENSIFIER_BOOST;
      continue;
    }
    const collapsed = collapseElongation(word);
    const valence = lookup(lexicons[lang], word, collapsed);
    if (valence !== undefined) {
      const elongated = collapsed !== word ? INTENSIFIER_BOOST : 1;
      sum += valence * boost * elongated * (negatedFor > 0 ? NEGATION_SCALAR : 1);
    }
    boost = 1;
    if (negatedFor > 0) negatedFor--;
  }
  // Exclamation marks amplify, as in VADER (capped at three).
  const exclamations = Math.min(countChar(text, '!'), 3);
  if (sum !== 0) sum += Math.sign(sum) * exclamations * 0.292;
  return normalizeValence(sum);
}

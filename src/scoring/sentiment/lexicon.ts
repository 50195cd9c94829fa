import type { Models } from '../models';
import { countChar, tokenize } from '../text/normalize';
import type { LanguageCode } from '../types';
import { tokenInfos, type TokenInfo } from './token-info';

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

/** Lexicon-only score of one message in [-1, 1], with negation, intensifiers, elongation and emoji. */
export function scoreLexicon(text: string, language: LanguageCode, models: Models): number {
  return lexiconScoreOf(tokenInfos(tokenize(text), language === 'other' ? 'en' : language, models.sentiment), text);
}

/** scoreLexicon over the message's token readings, for callers that have read them already. */
export function lexiconScoreOf(tokens: readonly TokenInfo[], text: string): number {
  let sum = 0;
  let negatedFor = 0;
  let boost = 1;
  for (const token of tokens) {
    if (!token.isWord) {
      sum += token.symbolValence;
      continue;
    }
    if (token.negatesLexicon) {
      negatedFor = NEGATION_SCOPE;
      continue;
    }
    if (token.intensifies) {
      boost = INTENSIFIER_BOOST;
      continue;
    }
    if (token.valence !== undefined) {
      const elongated = token.word !== token.folded ? INTENSIFIER_BOOST : 1;
      sum += token.valence * boost * elongated * (negatedFor > 0 ? NEGATION_SCALAR : 1);
    }
    boost = 1;
    if (negatedFor > 0) negatedFor--;
  }
  // Exclamation marks amplify, as in VADER (capped at three).
  const exclamations = Math.min(countChar(text, '!'), 3);
  if (sum !== 0) sum += Math.sign(sum) * exclamations * 0.292;
  return normalizeValence(sum);
}

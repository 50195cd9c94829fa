import type { Models, ScoredLanguage } from '../models';
import { fnvString } from '../text/hash';
import { normalizeForFeatures } from '../text/hashed-features';
import { countChar, tokenize } from '../text/normalize';
import { lexiconScoreOf } from './lexicon';
import { tokenInfos, type TokenInfo } from './token-info';

/** What the classifier sees of one message. Training and scoring both call this, so they cannot drift. */
export interface MessageFeatures {
  sparse: number[];
  dense: number[];
}

const NEGATION_SCOPE = 3;

/** A count squashed into [0, 1): the first hit matters most. */
function squash(count: number): number {
  return count / (count + 1);
}

/** The tokens both the lexicon and the classifier read: URLs, mentions and digits as placeholders. */
export function sentimentTokens(text: string): string[] {
  return tokenize(normalizeForFeatures(text));
}

/** The classifier's features of a message, from its sentimentTokens. */
export function messageFeatures(tokens: readonly string[], text: string, language: ScoredLanguage, models: Models): MessageFeatures {
  const infos = tokenInfos(tokens, language, models.sentiment);
  const lexiconScore = lexiconScoreOf(infos, text);
  const sparse: number[] = [];
  let previous: TokenInfo | null = null;
  let negatedFor = 0;
  let lexPositive = 0;
  let lexNegative = 0;
  let polPositive = 0;
  let polNegative = 0;
  let symPositive = 0;
  let symNegative = 0;
  let shouting = 0;
  let elongation = 0;

  for (let t = 0; t < infos.length; t++) {
    const info = infos[t]!;
    if (!info.isWord) {
      if (info.symbolValence > 0) symPositive++;
      else if (info.symbolValence < 0) symNegative++;
      sparse.push(info.feature);
      continue;
    }
    if (info.shouted) shouting++;
    if (info.word !== info.folded) elongation++;
    if (previous !== null) sparse.push(fnvString(previous.bigramPrefix, info.word));
    previous = info;
    if (info.negatesFeatures) {
      negatedFor = NEGATION_SCOPE;
      sparse.push(info.feature);
      continue;
    }
    const negated = negatedFor > 0;
    sparse.push(negated ? info.negatedFeature : info.feature);
    if (negated) negatedFor--;
    if (info.wordValence !== undefined) {
      if (info.wordValence > 0) lexPositive++;
      else lexNegative++;
    }
    const pol = info.polarity * (negated ? -1 : 1);
    if (pol > 0) polPositive += pol;
    else polNegative -= pol;
    const ngrams = info.charNgrams;
    for (let g = 0; g < ngrams.length; g++) sparse.push(ngrams[g]!);
  }

  // The dense features, in the order the trained weights expect: lexicon score; AFINN positive and
  // negative hits; SentiCon positive and negative polarity; emoji positive and negative; "!"; "?";
  // shouted words; elongated words. Changing this order or length needs npm run train:sentiment.
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
      squash(countChar(text, '!')),
      text.includes('?') ? 1 : 0,
      squash(shouting),
      squash(elongation),
    ],
  };
}

import { bigramFeature, normalizeForFeatures, pushCharNgrams, wordFeature } from '../text/hashed-features';
import { collapseElongation, fold, isWordToken, tokenize } from '../text/normalize';

// Workspace taxonomies stored in Postgres were trained on these features: changing them needs every one retrained.
const CHAR_NGRAMS = [3, 4, 5];

/** Words, word bigrams and character 3-5-grams, hashed; the same for training and scoring. */
export function intentFeatures(text: string): number[] {
  const sparse: number[] = [];
  let previous: string | null = null;
  for (const token of tokenize(normalizeForFeatures(text))) {
    if (!isWordToken(token)) continue;
    const word = collapseElongation(fold(token));
    sparse.push(wordFeature(word));
    if (previous !== null) sparse.push(bigramFeature(previous, word));
    previous = word;
    pushCharNgrams(sparse, word, CHAR_NGRAMS);
  }
  return sparse;
}

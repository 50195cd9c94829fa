import { bigramFeature, normalizeForFeatures, pushCharNgrams, wordFeature } from '../text/hashed-features';
import { collapseElongation, fold, isWordToken, tokenize } from '../text/normalize';

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
    pushCharNgrams(sparse, word);
  }
  return sparse;
}

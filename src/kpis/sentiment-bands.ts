/** Below this mean customer sentiment a conversation counts as negative (the ±0.2 bands of KPI-DEFINITIONS 1.10). */
export const NEGATIVE_SENTIMENT = -0.2;
export const POSITIVE_SENTIMENT = 0.2;

/** A conversation's mean customer sentiment as a label: what reviewers confirm or correct. */
export function sentimentBand(mean: number): 'negative' | 'neutral' | 'positive' {
  return mean < NEGATIVE_SENTIMENT ? 'negative' : mean > POSITIVE_SENTIMENT ? 'positive' : 'neutral';
}

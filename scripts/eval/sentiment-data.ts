import { readJsonl, unescapeText } from './read';

export interface SentimentRecord {
  id: string;
  language: string;
  text: string;
  label: 'negative' | 'neutral' | 'positive';
}

/** A sentiment file with its texts' leftover JSON escapes resolved. */
export function readSentimentFile(path: string): SentimentRecord[] {
  return readJsonl<SentimentRecord>(path).map((r) => ({ ...r, text: unescapeText(r.text) }));
}

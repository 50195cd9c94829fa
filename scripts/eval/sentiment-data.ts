import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainingSource } from '../../src/scoring/classifier/model-file';
import { MODELS_DIR, sha256, type ScoredLanguage } from '../../src/scoring/models';
import type { ChatSeed } from '../../src/training/sentiment';
import { SENTIMENT_FILES, SENTIMENT_LICENSES } from '../../src/training/sentiment-recipe';
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

/** A language's development sentiment file under the eval data folder `dataDir`, and what a model file records of it. */
export function readSentimentSource(dataDir: string, language: ScoredLanguage): { language: ScoredLanguage; records: SentimentRecord[]; source: TrainingSource } {
  const file = `sentiment/${SENTIMENT_FILES[language]}`;
  const path = join(dataDir, file);
  const records = readSentimentFile(path);
  return { language, records, source: { file, sha256: sha256(readFileSync(path)), records: records.length, license: SENTIMENT_LICENSES[language] } };
}

/** Under models/: the hand-written chat phrases the sentiment models also learn from. */
export const CHAT_SEED_PATH = 'sentiment/chat-seed.json';

export function readChatSeed(): ChatSeed {
  return JSON.parse(readFileSync(join(MODELS_DIR, CHAT_SEED_PATH), 'utf8')) as ChatSeed;
}

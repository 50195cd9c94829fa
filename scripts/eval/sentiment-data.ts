import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS_DIR } from '../../src/scoring/models';
import type { ChatSeed } from '../../src/training/sentiment';
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

/** The hand-written chat phrases the sentiment models also learn from (models/sentiment/chat-seed.json). */
export function readChatSeed(): ChatSeed {
  return JSON.parse(readFileSync(join(MODELS_DIR, 'sentiment', 'chat-seed.json'), 'utf8')) as ChatSeed;
}

import type { Conversation } from '../../contract/conversation';
import type { Models } from '../models';
import type { IntentResult } from '../types';
import { predictIntent } from './model';

// The customer's opening states the request: read their first messages until there are this many
// words (a lone "hi" says nothing), from at most three messages and this many characters.
const OPENING_WORDS = 5;
const OPENING_MESSAGES = 3;
const OPENING_CHARS = 500;

export function detectIntent(conversation: Conversation, models: Models): IntentResult {
  const opening: number[] = [];
  let text = '';
  for (const [seq, message] of conversation.messages.entries()) {
    if (message.role !== 'customer' || !message.text.trim()) continue;
    opening.push(seq);
    text = `${text}\n${message.text}`.slice(0, OPENING_CHARS);
    if (opening.length >= OPENING_MESSAGES || text.split(/\s+/).filter(Boolean).length >= OPENING_WORDS) break;
  }
  const prediction = predictIntent(models.intent, text);
  return {
    taxonomy: models.intent.taxonomy,
    intent: prediction.intent,
    confidence: opening.length ? prediction.confidence : 0,
    none: prediction.none || opening.length === 0,
    evidence: opening.map((seq) => ({ seq, reason: 'the customer states the request here' })),
  };
}

import type { Conversation } from '../../contract/conversation';
import { SCORED_LANGUAGES, type Models, type ScoredLanguage } from '../models';
import type { LanguageCode } from '../types';

export interface LanguageResult {
  conversation: LanguageCode;
  messages: LanguageCode[];
}

/** Shorter messages ("ok", "sim", "123") carry no evidence of their own and inherit the conversation's language. */
export const MIN_LETTERS = 12;
/** When no customer message says enough, the conversation is identified from this much of all its text. */
const CONVERSATION_SAMPLE_CHARS = 1_000;

/**
 * A customer message identified as another language than its conversation's keeps it only when
 * the identifier scores it clearly above the conversation's language: by more than this, on its
 * 0-1 scale. Otherwise the two are too close to call (Portuguese and Spanish chat without
 * diacritics) and the conversation decides. Three tweets of a file to a conversation
 * (docs/evaluation.md): Portuguese messages 0.959 -> 0.974 right (0.939 -> 0.954 without
 * diacritics), while a message in another scored language set among them kept its own in
 * 97.9-99.2% of cases against 98.1-99.3% before; 0.01 fixed fewer, 0.03 overrode more real switches.
 */
export const CONTEXT_MARGIN = 0.02;

const LETTER = /\p{L}/u;

/** Counted in a loop: matching /\p{L}/g would build an array of every letter of the message. */
function letterCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) count++;
    else if (code > 127 && LETTER.test(text[i]!)) count++;
  }
  return count;
}

/** "pt-BR" -> "pt"; anything outside the four scored languages -> "other". */
export function primaryLanguage(tag: string | undefined): LanguageCode | null {
  if (!tag) return null;
  const primary = tag.split('-')[0]!.toLowerCase();
  return (SCORED_LANGUAGES as readonly string[]).includes(primary) ? (primary as ScoredLanguage) : 'other';
}

/**
 * Each customer message long enough to carry evidence is identified on its own. The conversation's
 * language is the declared one when given, else the language with the most letters among those
 * customer messages, else what the identifier finds in all the text together, else "other". A
 * message keeps its own language unless the conversation's scores within CONTEXT_MARGIN of it.
 * Agent, bot and system messages, and short customer messages, take the conversation's language:
 * businesses answer in the customer's language, and identifying only customer messages keeps the
 * stage cheap (6-9 µs a message, see identifier.ts).
 */
export function detectLanguages(conversation: Conversation, models: Models): LanguageResult {
  const letters = new Map<LanguageCode, number>();
  const readings = conversation.messages.map((m) => {
    if (m.role !== 'customer') return null;
    const count = letterCount(m.text);
    const reading = count >= MIN_LETTERS ? models.language.read(m.text) : null;
    if (reading?.language) letters.set(reading.language, (letters.get(reading.language) ?? 0) + count);
    return reading;
  });
  const majority = [...letters].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const conversationLanguage =
    primaryLanguage(conversation.language) ??
    majority ??
    models.language.identify(conversation.messages.map((m) => m.text).join('\n').slice(0, CONVERSATION_SAMPLE_CHARS)) ??
    'other';
  const scored = SCORED_LANGUAGES.indexOf(conversationLanguage as ScoredLanguage);
  return {
    conversation: conversationLanguage,
    messages: readings.map((reading) => {
      const own = reading?.language;
      if (!own || own === conversationLanguage) return conversationLanguage;
      return scored >= 0 && reading.behind[scored]! <= CONTEXT_MARGIN ? conversationLanguage : own;
    }),
  };
}

import { detectLanguages } from '../../src/scoring/language';
import type { Models, ScoredLanguage } from '../../src/scoring/models';
import { stripDiacritics } from '../../src/scoring/text/normalize';
import { toConversation } from './conversation-data';

/** The texts of one sentiment file, in file order. */
export interface LanguageSample {
  language: ScoredLanguage;
  texts: string[];
}

const PER_CONVERSATION = 3;
// Messages of each other language set among this one's, for the switch figure.
const SWITCHES_PER_LANGUAGE = 300;

/** Texts as the customer messages of one conversation with no declared language. */
const customerMessages = (texts: readonly string[]) =>
  toConversation({ id: 'language-context', source: 'eval', messages: texts.map((text) => ({ role: 'customer', text })) });

/**
 * How language identification does on a file's texts once they sit in conversations
 * (src/scoring/language: a message too close to call takes its conversation's language):
 * - languageAccuracyInConversation: the texts three at a time, in file order, as one conversation's
 *   customer messages; the share given the file's language;
 * - languageSwitchAccuracy: each of the first 300 texts of every other scored language in `others`
 *   as the third message after two of this file's; the share of those given their own language.
 * Each also on the texts with every diacritic stripped.
 */
export function languageInContext(sample: LanguageSample, others: readonly LanguageSample[], models: Models) {
  const figures = (strip: boolean) => {
    const read = (text: string) => (strip ? stripDiacritics(text) : text);
    const texts = sample.texts.map(read);
    let right = 0;
    for (let at = 0; at < texts.length; at += PER_CONVERSATION) {
      const { messages } = detectLanguages(customerMessages(texts.slice(at, at + PER_CONVERSATION)), models);
      right += messages.filter((language) => language === sample.language).length;
    }
    let switched = 0;
    let kept = 0;
    for (const other of others) {
      if (other.language === sample.language || texts.length < 2) continue;
      other.texts.slice(0, SWITCHES_PER_LANGUAGE).forEach((text, j) => {
        const at = (2 * j) % (texts.length - 1);
        const { messages } = detectLanguages(customerMessages([texts[at]!, texts[at + 1]!, read(text)]), models);
        switched++;
        if (messages[2] === other.language) kept++;
      });
    }
    return { inConversation: right / Math.max(1, texts.length), switched: switched ? kept / switched : null };
  };
  const asWritten = figures(false);
  const stripped = figures(true);
  return {
    languageAccuracyInConversation: asWritten.inConversation,
    languageAccuracyInConversationNoDiacritics: stripped.inConversation,
    ...(asWritten.switched === null ? {} : { languageSwitchAccuracy: asWritten.switched, languageSwitchAccuracyNoDiacritics: stripped.switched }),
  };
}

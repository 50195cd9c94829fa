import { messageFeatures, sentimentTokens } from '../scoring/sentiment/features';
import type { Models, ScoredLanguage } from '../scoring/models';
import type { LinearModelData } from '../scoring/classifier/linear';
import { trainLinear, type Example } from './linear';
import { SENTIMENT_CHAT_SEED_REPEATS, SENTIMENT_TRAINING_OPTIONS } from './sentiment-recipe';

export const SENTIMENT_CLASSES = ['negative', 'neutral', 'positive'] as const;

export interface LabelledText {
  text: string;
  label: string;
}

function sentimentExample(text: string, label: string, language: ScoredLanguage, models: Models): Example {
  const features = messageFeatures(sentimentTokens(text), text, language, models);
  return { ...features, label };
}

export interface LanguageRecords {
  language: ScoredLanguage;
  records: readonly LabelledText[];
}

/** models/sentiment/chat-seed.json: per language, per label, hand-written chat messages. */
export type ChatSeed = Partial<Record<ScoredLanguage, Partial<Record<string, string[]>>>>;

/** A language's chat seed phrases as labelled texts, in the file's order. */
export function chatSeedRecords(seed: ChatSeed, language: ScoredLanguage): LabelledText[] {
  return SENTIMENT_CLASSES.flatMap((label) => (seed[language]?.[label] ?? []).map((text) => ({ text, label })));
}

/**
 * Trains the model of the first set's language, with that language's recipe: its records, then its
 * chat seed phrases (as many times as SENTIMENT_CHAT_SEED_REPEATS says), then the other sets. Each
 * record's features are built in its own language.
 */
export function trainSentimentModel(sets: readonly LanguageRecords[], models: Models, seed: ChatSeed): LinearModelData {
  if (sets.length === 0) throw new Error('no records to train a sentiment model on');
  const language = sets[0]!.language;
  const phrases = chatSeedRecords(seed, language);
  const seeded: LanguageRecords = { language, records: Array.from({ length: SENTIMENT_CHAT_SEED_REPEATS[language] }, () => phrases).flat() };
  const examples = [sets[0]!, seeded, ...sets.slice(1)].flatMap(({ language: lang, records }) =>
    records.map((r) => sentimentExample(r.text, r.label, lang, models)),
  );
  return trainLinear(examples, SENTIMENT_CLASSES, SENTIMENT_TRAINING_OPTIONS[language]);
}

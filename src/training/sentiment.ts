import { messageFeatures, sentimentTokens } from '../scoring/sentiment/features';
import type { Models, ScoredLanguage } from '../scoring/models';
import type { LinearModelData } from '../scoring/classifier/linear';
import { trainLinear, type Example } from './linear';
import { SENTIMENT_TRAINING_OPTIONS } from './sentiment-recipe';

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

/**
 * Trains the model of the first set's language, with that language's recipe; each record's
 * features are built in its own language.
 */
export function trainSentimentModel(sets: readonly LanguageRecords[], models: Models): LinearModelData {
  if (sets.length === 0) throw new Error('no records to train a sentiment model on');
  const options = SENTIMENT_TRAINING_OPTIONS[sets[0]!.language];
  const examples = sets.flatMap(({ language, records }) => records.map((r) => sentimentExample(r.text, r.label, language, models)));
  return trainLinear(examples, SENTIMENT_CLASSES, options);
}

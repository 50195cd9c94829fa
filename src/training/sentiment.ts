import { messageFeatures, sentimentTokens } from '../scoring/sentiment/features';
import type { Models, ScoredLanguage } from '../scoring/models';
import type { LinearModelData } from '../scoring/classifier/linear';
import { trainLinear, type Example, type LinearTrainingOptions } from './linear';
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

/** Trains one language's model; each record's features are built in its own language. */
export function trainSentimentModel(
  sets: readonly LanguageRecords[],
  models: Models,
  options: LinearTrainingOptions = SENTIMENT_TRAINING_OPTIONS,
): LinearModelData {
  const examples = sets.flatMap(({ language, records }) => records.map((r) => sentimentExample(r.text, r.label, language, models)));
  return trainLinear(examples, SENTIMENT_CLASSES, options);
}

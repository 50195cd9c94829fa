import { crossValidate } from '../../src/eval/folds';
import { accuracy, macroF1 } from '../../src/eval/metrics';
import { toLinearModel } from '../../src/scoring/classifier/linear';
import { SCORED_LANGUAGES, type Models, type ScoredLanguage } from '../../src/scoring/models';
import { scoreMessageWith } from '../../src/scoring/sentiment';
import { SENTIMENT_CLASSES, trainSentimentModel } from '../../src/training/sentiment';
import { SENTIMENT_HELPERS } from '../../src/training/sentiment-recipe';
import { naturalAfinnBaseline } from './baseline';
import { readChatSeed, readSentimentSource, type SentimentRecord } from './sentiment-data';
import { shippedModelSaw } from './shipped';

export const CV_FOLDS = 5;

/**
 * Scores the `records` of one sentiment file. If the shipped model was trained on any of them,
 * every record is predicted by 5-fold cross-validation with the same training recipe instead, so
 * no figure ever comes from a model that saw the record it predicts.
 */
export function evaluateSentiment(path: string, records: readonly SentimentRecord[], models: Models, trainingDataDir: string) {
  const language = (records[0]?.language ?? 'en') as ScoredLanguage;
  if (!SCORED_LANGUAGES.includes(language)) throw new Error(`${path}: language ${language} is not one Parley scores`);
  const gold = records.map((r) => r.label);
  const saw = shippedModelSaw(`sentiment/${language}.json`, records.map((r) => r.id));

  let predicted: string[];
  let method: string;
  if (saw) {
    method = `${CV_FOLDS}-fold cross-validation`;
    const helpers = SENTIMENT_HELPERS[language].map((lang) => ({
      language: lang,
      records: readSentimentSource(trainingDataDir, lang).records,
    }));
    const seed = readChatSeed();
    predicted = crossValidate<SentimentRecord, string>(records, CV_FOLDS, (training) => {
      const classifier = toLinearModel(trainSentimentModel([{ language, records: training }, ...helpers], models, seed));
      return (r) => scoreMessageWith(classifier, r.text, language, models).label;
    });
  } else {
    method = saw === null ? 'lexicon (no trained model)' : 'shipped model';
    predicted = records.map((r) => scoreMessageWith(models.sentiment.classifiers[language], r.text, language, models).label);
  }
  const baseline = naturalAfinnBaseline(language);
  return {
    task: 'sentiment',
    language,
    method,
    n: records.length,
    macroF1: macroF1(gold, predicted, SENTIMENT_CLASSES),
    accuracy: accuracy(gold, predicted),
    baselineMacroF1: macroF1(gold, records.map((r) => baseline(r.text)), SENTIMENT_CLASSES),
  };
}

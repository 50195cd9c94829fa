import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModels, MODELS_DIR, SCORED_LANGUAGES } from '../../src/scoring/models';
import type { SentimentModelFile } from '../../src/scoring/sentiment/model-file';
import { trainSentimentModel } from '../../src/training/sentiment';
import { SENTIMENT_FILES, SENTIMENT_HELPERS } from '../../src/training/sentiment-recipe';
import { readSentimentFile } from '../../scripts/eval/sentiment-data';

describe('shipped sentiment models', () => {
  const models = loadModels(MODELS_DIR, { sentimentClassifiers: false });

  it.each(SCORED_LANGUAGES)('%s is exactly what the training recipe produces from the development data', (language) => {
    const shipped = JSON.parse(readFileSync(join(MODELS_DIR, 'sentiment', `${language}.json`), 'utf8')) as SentimentModelFile;
    const sets = [language, ...SENTIMENT_HELPERS[language]].map((lang) => ({
      language: lang,
      records: readSentimentFile(join('../shared/eval/sentiment', SENTIMENT_FILES[lang])),
    }));
    expect(shipped.trainedOn.map((t) => t.records)).toEqual(sets.map((s) => s.records.length));
    expect(trainSentimentModel(sets, models)).toEqual(shipped.model);
  });
});

/**
 * npm run train:sentiment [-- --data DIR]
 * Trains the per-language sentiment models from DIR/sentiment (default ../shared/eval) and writes
 * models/sentiment/<language>.json. Deterministic: the same data gives byte-identical files.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fnv1a } from '../src/eval/folds';
import { loadModels, MODELS_DIR, SCORED_LANGUAGES, sha256 } from '../src/scoring/models';
import type { SentimentModelFile } from '../src/scoring/sentiment/model-file';
import { trainSentimentModel } from '../src/training/sentiment';
import { SENTIMENT_FILES, SENTIMENT_HELPERS, SENTIMENT_LICENSES, SENTIMENT_TRAINING_OPTIONS } from '../src/training/sentiment-recipe';
import { readSentimentFile } from './eval/sentiment-data';
import { refreshManifest } from './lib/manifest';

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/eval' } } });
const dataDir = join(values.data!, 'sentiment');
// Sentiment features never depend on a sentiment classifier, so the shipped ones can stay loaded.
const models = loadModels();

mkdirSync(join(MODELS_DIR, 'sentiment'), { recursive: true });
for (const language of SCORED_LANGUAGES) {
  const sources = [language, ...SENTIMENT_HELPERS[language]].map((lang) => {
    const path = join(dataDir, SENTIMENT_FILES[lang]);
    return { language: lang, path, records: readSentimentFile(path), sha256: sha256(readFileSync(path)) };
  });
  const started = performance.now();
  const model = trainSentimentModel(sources, models);
  const file: SentimentModelFile = {
    language,
    trainedOn: sources.map((s) => ({
      file: `sentiment/${SENTIMENT_FILES[s.language]}`,
      sha256: s.sha256,
      records: s.records.length,
      license: SENTIMENT_LICENSES[s.language],
    })),
    options: { ...SENTIMENT_TRAINING_OPTIONS[language] },
    trainedIdHashes: sources.flatMap((s) => s.records.map((r) => fnv1a(r.id))).sort((a, b) => a - b),
    model,
  };
  writeFileSync(join(MODELS_DIR, 'sentiment', `${language}.json`), `${JSON.stringify(file)}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`sentiment/${language}.json: ${Object.keys(model.sparse).length} features, trained on ${sources.map((s) => `${s.records.length} ${s.language}`).join(' + ')} records in ${seconds} s`);
}

refreshManifest((artifacts) => {
  for (const language of SCORED_LANGUAGES) {
    const path = `sentiment/${language}.json`;
    if (!artifacts.some((a) => a.path === path)) {
      artifacts.push({
        name: `sentiment-${language}`,
        path,
        source: `scripts/train-sentiment.ts on the development sentiment data (see the file's trainedOn)`,
        license: 'weights: project\'s own; derived from data under the licences listed in the file',
      });
    }
  }
});
console.log('updated models/manifest.json');

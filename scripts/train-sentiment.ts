/**
 * npm run train:sentiment [-- --data DIR] [--chat-figures]
 * Trains the per-language sentiment models from DIR/sentiment (default ../shared/eval) and the
 * hand-written chat phrases of models/sentiment/chat-seed.json, and writes
 * models/sentiment/<language>.json. Deterministic: the same data gives byte-identical files.
 * --chat-figures: also how well each reads its chat phrases, cross-validated (about a minute).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fnv1a } from '../src/eval/folds';
import { loadModels, MODELS_DIR, SCORED_LANGUAGES, sha256 } from '../src/scoring/models';
import type { SentimentModelFile } from '../src/scoring/sentiment/model-file';
import { chatSeedRecords, trainSentimentModel } from '../src/training/sentiment';
import { SENTIMENT_CHAT_SEED_REPEATS, SENTIMENT_HELPERS, SENTIMENT_TRAINING_OPTIONS } from '../src/training/sentiment-recipe';
import { chatSeedFigures } from './eval/chat-seed';
import { CHAT_SEED_PATH, readChatSeed, readSentimentSource } from './eval/sentiment-data';
import { refreshManifest } from './lib/manifest';

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/eval' }, 'chat-figures': { type: 'boolean', default: false } } });
// Sentiment features never depend on a sentiment classifier, so the shipped ones can stay loaded.
const models = loadModels();

const seed = readChatSeed();
const seedSha256 = sha256(readFileSync(join(MODELS_DIR, CHAT_SEED_PATH)));
// Each file is read once: Portuguese also learns from the other three.
const development = new Map(SCORED_LANGUAGES.map((language) => [language, readSentimentSource(values.data!, language)]));

mkdirSync(join(MODELS_DIR, 'sentiment'), { recursive: true });
for (const language of SCORED_LANGUAGES) {
  const sources = [language, ...SENTIMENT_HELPERS[language]].map((lang) => development.get(lang)!);
  const started = performance.now();
  const model = trainSentimentModel(sources, models, seed);
  const repeats = SENTIMENT_CHAT_SEED_REPEATS[language];
  const phrases = chatSeedRecords(seed, language).length;
  const file: SentimentModelFile = {
    language,
    trainedOn: [
      ...sources.map((s) => s.source),
      ...(repeats > 0 ? [{ file: `models/${CHAT_SEED_PATH}`, sha256: seedSha256, records: phrases, license: "project's own" }] : []),
    ],
    options: { ...SENTIMENT_TRAINING_OPTIONS[language], chatSeedRepeats: repeats },
    trainedIdHashes: sources.flatMap((s) => s.records.map((r) => fnv1a(r.id))).sort((a, b) => a - b),
    model,
  };
  writeFileSync(join(MODELS_DIR, 'sentiment', `${language}.json`), `${JSON.stringify(file)}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`sentiment/${language}.json: ${Object.keys(model.sparse).length} features, trained on ${sources.map((s) => `${s.records.length} ${s.language}`).join(' + ')} records${repeats > 0 ? ` and ${phrases} chat phrases ×${repeats}` : ''} in ${seconds} s`);
  if (values['chat-figures']) {
    const figures = chatSeedFigures(language, sources, seed, models);
    console.log(`  its ${figures.phrases} chat phrases, 5-fold CV: macro-F1 ${figures.macroF1.toFixed(3)} (learning from tweets alone: ${figures.withoutPhrasesMacroF1.toFixed(3)})`);
  }
}

refreshManifest((artifacts) => {
  if (!artifacts.some((a) => a.path === CHAT_SEED_PATH)) {
    artifacts.push({ name: 'sentiment-chat-seed', path: CHAT_SEED_PATH, source: 'hand-written for Parley: labelled chat messages in en/pt/es/ro', license: "project's own" });
  }
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

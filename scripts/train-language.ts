/**
 * npm run train:language [-- --data DIR]
 * Learns the language word statistics (models/language/words.json) from the messages of
 * DIR/sentiment (default ../shared/eval), one file a scored language, and refreshes the manifest.
 * Deterministic: the same data gives a byte-identical file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fnv1a } from '../src/eval/folds';
import type { LanguageWordsFile } from '../src/scoring/language/word-evidence';
import { MODELS_DIR, SCORED_LANGUAGES } from '../src/scoring/models';
import { LANGUAGE_WORD_OPTIONS, trainLanguageWords } from '../src/training/language-words';
import { readSentimentSource } from './eval/sentiment-data';
import { refreshManifest } from './lib/manifest';

const PATH = 'language/words.json';
const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/eval' } } });

const sources = SCORED_LANGUAGES.map((language) => readSentimentSource(values.data!, language));
const file: LanguageWordsFile = {
  trainedOn: sources.map((s) => s.source),
  options: LANGUAGE_WORD_OPTIONS,
  trainedIdHashes: sources.flatMap((s) => s.records.map((r) => fnv1a(r.id))).sort((a, b) => a - b),
  ...trainLanguageWords(sources.map((s) => ({ language: s.language, texts: s.records.map((r) => r.text) }))),
};
writeFileSync(join(MODELS_DIR, PATH), `${JSON.stringify(file)}\n`);
console.log(`${PATH}: ${Object.keys(file.words).length} words from ${sources.map((s) => `${s.records.length} ${s.language}`).join(', ')} messages`);

refreshManifest((artifacts) => {
  if (artifacts.some((a) => a.path === PATH)) return;
  artifacts.push({
    name: 'language-words',
    path: PATH,
    source: "scripts/train-language.ts (npm run train:language) on the development sentiment data's messages (see the file's trainedOn)",
    license: "statistics: project's own; derived from data under the licences listed in the file",
  });
});
console.log('updated models/manifest.json');

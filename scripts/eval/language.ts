import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldOf } from '../../src/eval/folds';
import { toLanguageIdentifier, type LanguageTableFile } from '../../src/scoring/language/identifier';
import { toLanguageReader, type LanguageReader } from '../../src/scoring/language/reader';
import { toWordEvidence } from '../../src/scoring/language/word-evidence';
import { MODELS_DIR, SCORED_LANGUAGES, type Models } from '../../src/scoring/models';
import { stripDiacritics } from '../../src/scoring/text/normalize';
import { trainLanguageWords } from '../../src/training/language-words';
import { languageInContext, type LanguageSample } from './language-context';
import { readSentimentSource } from './sentiment-data';
import { shippedModelSaw } from './shipped';

const CV_FOLDS = 5;
const WORDS = 'language/words.json';

/** A text's fold: by its text without diacritics, so a text, its stripped form and its duplicates share one. */
const textFold = (text: string) => foldOf(stripDiacritics(text), CV_FOLDS);

/**
 * The models to measure language identification on `texts` with. The word statistics are learnt
 * from the development messages; if the shipped ones learnt from any of `ids`, every text is read
 * instead with statistics learnt, as npm run train:language does, from the training messages outside
 * its fold, folds drawn by the text so that no text is read by statistics that counted it.
 */
export function languageModelsFor(ids: readonly string[], models: Models, trainingDataDir: string): { models: Models; method: string } {
  if (!shippedModelSaw(WORDS, ids)) return { models, method: 'shipped models' };
  // The table the shipped models read; `models` came from loadModels, which checked it against the manifest.
  const identifier = toLanguageIdentifier(JSON.parse(readFileSync(join(MODELS_DIR, 'language/eld-xs60.json'), 'utf8')) as LanguageTableFile);
  const training = SCORED_LANGUAGES.map((language) => ({
    language,
    texts: readSentimentSource(trainingDataDir, language).records.map((r) => r.text),
  }));
  const readers: LanguageReader[] = Array.from({ length: CV_FOLDS }, (_, k) => {
    const words = trainLanguageWords(training.map((t) => ({ language: t.language, texts: t.texts.filter((text) => textFold(text) !== k) })));
    return toLanguageReader(identifier, SCORED_LANGUAGES, toWordEvidence(words, SCORED_LANGUAGES));
  });
  const readerOf = (text: string) => readers[textFold(text)]!;
  return {
    models: { ...models, language: { identify: (text) => readerOf(text).identify(text), read: (text) => readerOf(text).read(text) } },
    method: `${CV_FOLDS}-fold cross-validation`,
  };
}

/**
 * How often the identifier names a sentiment file's language: each message alone, on the text as
 * written and with every diacritic stripped (customers often type without them), then in
 * conversations (language-context.ts).
 */
export function evaluateLanguage(sample: LanguageSample, others: readonly LanguageSample[], language: { models: Models; method: string }) {
  const { models } = language;
  const share = (read: (text: string) => string) => sample.texts.filter((text) => models.language.identify(read(text)) === sample.language).length / sample.texts.length;
  return {
    languageMethod: language.method,
    languageAccuracy: share((text) => text),
    languageAccuracyNoDiacritics: share(stripDiacritics),
    ...languageInContext(sample, others, models),
  };
}

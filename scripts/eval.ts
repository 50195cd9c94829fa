/**
 * npm run eval -- --data DIR [--json]
 * Evaluates every file of DIR/{sentiment,intent,conversations} (layout: ../shared/eval/README.md).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadModels, SCORED_LANGUAGES, type ScoredLanguage } from '../src/scoring/models';
import { evaluateConversations } from './eval/conversations';
import { evaluateIntent } from './eval/intent';
import { evaluateLanguage, languageModelsFor } from './eval/language';
import { evaluateSentiment } from './eval/sentiment';
import { readSentimentFile } from './eval/sentiment-data';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    json: { type: 'boolean', default: false },
    // Where the shipped models' training data lives: cross-validation retrains from it.
    'train-data': { type: 'string', default: '../shared/eval' },
  },
});
if (!values.data) {
  console.error('usage: npm run eval -- --data DIR [--json]');
  process.exit(2);
}
const dir = values.data;
if (!existsSync(dir)) {
  console.error(`no such folder: ${dir}`);
  process.exit(2);
}

const models = loadModels();
const results: Record<string, Record<string, unknown>> = {};
const files = (sub: string) =>
  existsSync(join(dir, sub)) ? readdirSync(join(dir, sub)).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(dir, sub, f)) : [];

function report(path: string, result: Record<string, unknown>) {
  const key = relative(dir, path);
  results[key] = result;
  const figures = Object.entries(result)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : (v as number).toFixed(3)}`)
    .join('  ');
  console.log(`${key.padEnd(34)} ${figures}${result.method ? `  (${String(result.method)})` : ''}`);
}

const sentimentFiles = files('sentiment').map((path) => {
  const records = readSentimentFile(path);
  const language = records[0]?.language as ScoredLanguage | undefined;
  const sample = language && SCORED_LANGUAGES.includes(language) ? { language, texts: records.map((r) => r.text) } : null;
  return { path, records, sample };
});
const languageSamples = sentimentFiles.flatMap(({ sample }) => (sample ? [sample] : []));
const languageModels = languageModelsFor(sentimentFiles.flatMap(({ records }) => records.map((r) => r.id)), models, values['train-data']!);
for (const { path, records, sample } of sentimentFiles) {
  const sentiment = evaluateSentiment(path, records, models, values['train-data']!);
  report(path, { ...sentiment, ...(sample ? evaluateLanguage(sample, languageSamples, languageModels) : {}) });
}
for (const path of files('conversations')) report(path, evaluateConversations(path, models, values['train-data']!));
for (const path of files('intent')) {
  const result = evaluateIntent(path, values['train-data']!);
  if (result) report(path, result);
}

if (values.json) console.log(JSON.stringify(results));

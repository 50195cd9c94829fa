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

const sentimentFiles = files('sentiment').map((path) => ({ path, records: readSentimentFile(path) }));
const languageSamples = sentimentFiles.flatMap(({ records }) => {
  const language = records[0]?.language as ScoredLanguage | undefined;
  return language && SCORED_LANGUAGES.includes(language) ? [{ language, texts: records.map((r) => r.text) }] : [];
});
for (const { path, records } of sentimentFiles) report(path, evaluateSentiment(path, records, models, values['train-data']!, languageSamples));
for (const path of files('conversations')) report(path, evaluateConversations(path, models, values['train-data']!));
for (const path of files('intent')) {
  const result = evaluateIntent(path, values['train-data']!);
  if (result) report(path, result);
}

if (values.json) console.log(JSON.stringify(results));

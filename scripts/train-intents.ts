/**
 * npm run train:intents -- FILE --workspace W [--taxonomy NAME]
 *   Trains a workspace's own intent taxonomy from FILE (JSON Lines: {"text", "label", "id"?}),
 *   reports its accuracy on a fixed held-out fifth, and stores the model trained on all of FILE
 *   for the workspace; workers use it for that workspace's conversations from then on.
 *   Labels "oos", "none", "other" or "out_of_scope" mark messages that fit no intent.
 * npm run train:intents -- --default [--data DIR]
 *   Rebuilds models/intent/default.json from models/intent/default-seed.json and DIR/intent/bitext.train.jsonl.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { workspaceSlug } from '../src/contract/conversation';
import { loadConfigOrExit } from '../src/config/env';
import { createDb } from '../src/db/client';
import { saveIntentModel } from '../src/db/queries/intent-models';
import { ensureWorkspace } from '../src/db/queries/workspaces';
import { fnv1a } from '../src/eval/folds';
import { intentScores, splitEightyTwenty } from '../src/eval/intents';
import { toIntentModel, type IntentModelFile } from '../src/scoring/intent/model';
import { MODELS_DIR } from '../src/scoring/models';
import { NONE_LABELS, trainIntentModel, type IntentExample } from '../src/training/intent';
import { defaultIntentExamples, seedLanguageOf } from '../src/training/default-intents';
import { readJsonl } from './eval/read';
import { refreshManifest } from './lib/manifest';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    workspace: { type: 'string' },
    taxonomy: { type: 'string', default: 'custom' },
    default: { type: 'boolean', default: false },
    data: { type: 'string', default: '../shared/eval' },
  },
});

/**
 * The figure npm run eval gives for a taxonomy file on its own: a fixed 80/20 split; with `partOf`,
 * also the accuracy on each part of the held-out examples.
 */
function heldOut(name: string, examples: IntentExample[], partOf?: (example: IntentExample) => string): string {
  const { train, test } = splitEightyTwenty(examples);
  const model = toIntentModel(trainIntentModel(name, train));
  const scores = intentScores(model, test);
  const parts = partOf ? [...new Set(test.map(partOf))] : [];
  const byPart = parts.map((part) => {
    const examples = test.filter((e) => partOf!(e) === part);
    const inScope = examples.filter((e) => !NONE_LABELS.includes(e.label)).length;
    return `${part} ${intentScores(model, examples).accuracy.toFixed(3)} (${inScope})`;
  });
  return `held-out accuracy (fixed 80/20 split) ${scores.accuracy.toFixed(3)}${scores.oosRecall === undefined ? '' : `, none-of-these recall ${scores.oosRecall.toFixed(3)}`}${byPart.length ? `; in-scope accuracy by part: ${byPart.join(', ')}` : ''}`;
}

if (values.default) {
  const seed = JSON.parse(readFileSync(join(MODELS_DIR, 'intent', 'default-seed.json'), 'utf8')) as Record<string, unknown>;
  const bitextPath = join(values.data!, 'intent', 'bitext.train.jsonl');
  const examples = defaultIntentExamples(seed, readJsonl<IntentExample>(bitextPath));
  const partOf = (e: IntentExample) => {
    const language = seedLanguageOf(e.id);
    return language ? `${language} phrases` : 'Bitext';
  };
  console.log(`default taxonomy: ${examples.length} examples, ${heldOut('default', examples, partOf)}`);
  const file: IntentModelFile = {
    trainedOn: [
      { source: 'models/intent/default-seed.json', examples: examples.filter((e) => e.id.startsWith('seed-')).length, license: "project's own" },
      { source: 'intent/bitext.train.jsonl (mapped to the default taxonomy)', examples: examples.filter((e) => !e.id.startsWith('seed-')).length, license: 'CDLA-Sharing-1.0' },
    ],
    trainedIdHashes: examples.map((e) => fnv1a(e.id)).sort((a, b) => a - b),
    model: trainIntentModel('default', examples),
  };
  writeFileSync(join(MODELS_DIR, 'intent', 'default.json'), `${JSON.stringify(file)}\n`);
  refreshManifest((artifacts) => {
    if (!artifacts.some((a) => a.path === 'intent/default.json')) {
      artifacts.push({ name: 'intent-default', path: 'intent/default.json', source: 'npm run train:intents -- --default', license: "weights: project's own; see the file's trainedOn" });
    }
    if (!artifacts.some((a) => a.path === 'intent/default-seed.json')) {
      artifacts.push({ name: 'intent-default-seed', path: 'intent/default-seed.json', source: 'hand-written for Parley: training phrases in en/pt/es/ro', license: "project's own" });
    }
  });
  console.log('wrote models/intent/default.json and updated models/manifest.json');
} else {
  const [path] = positionals;
  const workspace = workspaceSlug.safeParse(values.workspace);
  if (!path || !workspace.success) {
    console.error('usage: npm run train:intents -- FILE --workspace W [--taxonomy NAME]   (or --default)');
    process.exit(2);
  }
  const rows = readJsonl<Partial<IntentExample>>(path);
  const examples = rows.map((r, i) => {
    if (typeof r.text !== 'string' || typeof r.label !== 'string') throw new Error(`${path}:${i + 1}: needs "text" and "label" strings`);
    return { id: r.id ?? `line-${i + 1}`, text: r.text, label: r.label };
  });
  const labels = new Set(examples.map((e) => e.label));
  if (labels.size < 2) throw new Error(`${path}: needs at least two labels`);
  console.log(`${examples.length} examples, ${labels.size} labels; ${heldOut(values.taxonomy!, examples)}`);
  const config = loadConfigOrExit();
  const database = createDb(config.DATABASE_URL, { max: 1 });
  try {
    const { id: workspaceId } = await ensureWorkspace(database.db, workspace.data);
    await saveIntentModel(database.db, workspaceId, trainIntentModel(values.taxonomy!, examples), examples.length);
    console.log(`stored taxonomy "${values.taxonomy}" for workspace ${workspace.data}; workers use it within a minute`);
  } finally {
    await database.close();
  }
}

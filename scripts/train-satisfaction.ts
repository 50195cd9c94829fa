/**
 * npm run train:satisfaction [-- --data DIR]
 * Fits the predicted-satisfaction model on DIR/conversations/{uss,stc3}.dev.jsonl (default
 * ../shared/eval) and writes models/satisfaction/model.json. Deterministic.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fnv1a } from '../src/eval/folds';
import { loadModels, MODELS_DIR, sha256 } from '../src/scoring/models';
import type { SatisfactionModelFile } from '../src/scoring/satisfaction/model-file';
import { FROZEN_SATISFACTION_FEATURES, SATISFACTION_RIDGE, trainSatisfactionModel } from '../src/training/satisfaction';
import { CONVERSATION_LICENSES } from '../src/training/conversation-licenses';
import { SATISFACTION_FILES } from '../src/training/satisfaction-recipe';
import { readRatedConversations } from './eval/conversation-data';
import { refreshManifest } from './lib/manifest';

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/eval' } } });
// Satisfaction features come from the other stages only, so the shipped satisfaction model can stay loaded.
const models = loadModels();
const sources = SATISFACTION_FILES.map((file) => {
  const path = join(values.data!, 'conversations', file);
  return { file, records: readRatedConversations(path), sha256: sha256(readFileSync(path)) };
});
const rated = sources.flatMap((s) => s.records);
const file: SatisfactionModelFile = {
  trainedOn: sources.map((s) => ({ file: `conversations/${s.file}`, sha256: s.sha256, records: s.records.length, license: CONVERSATION_LICENSES[s.file]! })),
  ridge: SATISFACTION_RIDGE,
  frozen: FROZEN_SATISFACTION_FEATURES,
  trainedIdHashes: rated.map((r) => fnv1a(r.id)).sort((a, b) => a - b),
  model: trainSatisfactionModel(rated, models),
};
mkdirSync(join(MODELS_DIR, 'satisfaction'), { recursive: true });
writeFileSync(join(MODELS_DIR, 'satisfaction', 'model.json'), `${JSON.stringify(file)}\n`);
refreshManifest((artifacts) => {
  if (!artifacts.some((a) => a.path === 'satisfaction/model.json')) {
    artifacts.push({ name: 'satisfaction', path: 'satisfaction/model.json', source: 'npm run train:satisfaction', license: "weights: project's own; see the file's trainedOn" });
  }
});
console.log(`satisfaction/model.json: trained on ${rated.length} rated conversations`);

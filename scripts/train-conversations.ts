/**
 * npm run train:conversations [-- --data DIR]
 * Trains the models that read whole conversations from DIR/conversations/{uss,stc3}.dev.jsonl
 * (default ../shared/eval): models/confirmations/model.json, models/resolution/model.json,
 * models/reactions/model.json and models/satisfaction/model.json. Deterministic: the same data
 * gives byte-identical files.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fnv1a } from '../src/eval/folds';
import { loadModels, MODELS_DIR, sha256 } from '../src/scoring/models';
import type { TrainedLinearModelFile } from '../src/scoring/classifier/model-file';
import type { ConfirmationModelFile } from '../src/scoring/resolution/confirmations';
import type { SatisfactionModelFile } from '../src/scoring/satisfaction/model-file';
import { trainConversationModels, type LabelledConversation } from '../src/training/conversation-models';
import {
  CONFIRMATION_TRAINING_OPTIONS,
  CONVERSATION_LICENSES,
  CONVERSATION_TRAINING_FILES,
  FROZEN_SATISFACTION_FEATURES,
  REACTION_TRAINING_OPTIONS,
  RESOLUTION_LABEL_SOFTNESS,
  RESOLUTION_TRAINING_OPTIONS,
  SATISFACTION_DIRECTIONS,
  SATISFACTION_TREES,
} from '../src/training/conversation-recipe';
import { readLabelledConversations } from './eval/conversation-data';
import { refreshManifest } from './lib/manifest';

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/eval' } } });
const sources = CONVERSATION_TRAINING_FILES.map((file) => {
  const path = join(values.data!, 'conversations', file);
  return { file, records: readLabelledConversations(path), sha256: sha256(readFileSync(path)) };
});
const started = performance.now();
// The language and sentiment stages these models read are not retrained here, so the shipped models can stay loaded.
const trained = trainConversationModels(sources.flatMap((s) => s.records), loadModels());

/** What a model learnt from: the files and records that carry the label it uses. */
function provenance(uses: (r: LabelledConversation) => boolean) {
  const used = sources.map((s) => ({ ...s, records: s.records.filter(uses) })).filter((s) => s.records.length > 0);
  return {
    trainedOn: used.map((s) => ({ file: `conversations/${s.file}`, sha256: s.sha256, records: s.records.length, license: CONVERSATION_LICENSES[s.file]! })),
    trainedIdHashes: used.flatMap((s) => s.records.map((r) => fnv1a(r.id))).sort((a, b) => a - b),
  };
}

const files: Record<string, TrainedLinearModelFile | ConfirmationModelFile | SatisfactionModelFile> = {
  'confirmations/model.json': {
    ...provenance((r) => r.messageConfirms.some((label) => label !== undefined)),
    options: { ...CONFIRMATION_TRAINING_OPTIONS },
    ...trained.confirmations,
  },
  'resolution/model.json': {
    ...provenance((r) => r.resolved !== undefined),
    options: { ...RESOLUTION_TRAINING_OPTIONS, labelSoftness: RESOLUTION_LABEL_SOFTNESS },
    model: trained.resolution,
  },
  'reactions/model.json': {
    ...provenance((r) => r.messageSatisfaction.some((rating) => rating !== undefined)),
    options: { ...REACTION_TRAINING_OPTIONS },
    model: trained.reactions,
  },
  'satisfaction/model.json': {
    ...provenance((r) => r.satisfaction !== undefined),
    trees: { ...SATISFACTION_TREES },
    frozen: FROZEN_SATISFACTION_FEATURES,
    directions: SATISFACTION_DIRECTIONS,
    model: trained.satisfaction,
  },
};
for (const [path, file] of Object.entries(files)) {
  mkdirSync(join(MODELS_DIR, dirname(path)), { recursive: true });
  writeFileSync(join(MODELS_DIR, path), `${JSON.stringify(file)}\n`);
  console.log(`${path}: trained on ${file.trainedOn.map((t) => `${t.records} ${t.file}`).join(' + ')}`);
}
refreshManifest((artifacts) => {
  for (const path of Object.keys(files)) {
    if (!artifacts.some((a) => a.path === path)) {
      artifacts.push({ name: dirname(path), path, source: 'npm run train:conversations', license: "weights: project's own; see the file's trainedOn" });
    }
  }
});
console.log(`trained in ${((performance.now() - started) / 1000).toFixed(1)} s; updated models/manifest.json`);

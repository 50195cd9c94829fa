/**
 * npm run train:resolution [-- --data DIR]
 * Trains the resolution classifier on DIR/conversations/stc3.dev.jsonl (default ../shared/eval) and
 * writes models/resolution/model.json. Deterministic. Run npm run train:satisfaction after it: the
 * satisfaction model reads the resolution stage's answers.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fnv1a } from '../src/eval/folds';
import { loadModels, MODELS_DIR, sha256 } from '../src/scoring/models';
import type { ResolutionModelFile } from '../src/scoring/resolution/model-file';
import { CONVERSATION_LICENSES } from '../src/training/conversation-licenses';
import { RESOLUTION_FILE, RESOLUTION_TRAINING_OPTIONS, trainResolutionModel } from '../src/training/resolution';
import { readResolvedConversations } from './eval/conversation-data';
import { refreshManifest } from './lib/manifest';

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/eval' } } });
const path = join(values.data!, 'conversations', RESOLUTION_FILE);
const records = readResolvedConversations(path);
// Resolution features come from the language and sentiment stages only, so the shipped model can stay loaded.
const model = trainResolutionModel(records, loadModels());
const file: ResolutionModelFile = {
  trainedOn: [{ file: `conversations/${RESOLUTION_FILE}`, sha256: sha256(readFileSync(path)), records: records.length, license: CONVERSATION_LICENSES[RESOLUTION_FILE]! }],
  options: { ...RESOLUTION_TRAINING_OPTIONS },
  trainedIdHashes: records.map((r) => fnv1a(r.id)).sort((a, b) => a - b),
  model,
};
mkdirSync(join(MODELS_DIR, 'resolution'), { recursive: true });
writeFileSync(join(MODELS_DIR, 'resolution', 'model.json'), `${JSON.stringify(file)}\n`);
refreshManifest((artifacts) => {
  if (!artifacts.some((a) => a.path === 'resolution/model.json')) {
    artifacts.push({ name: 'resolution', path: 'resolution/model.json', source: 'npm run train:resolution', license: "weights: project's own; see the file's trainedOn" });
  }
});
console.log(`resolution/model.json: ${Object.keys(model.sparse).length} features, trained on ${records.length} conversations`);

import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { crossValidate, fnv1a } from '../../src/eval/folds';
import { accuracy, auc, binaryScores, spearman } from '../../src/eval/metrics';
import { scoreConversation } from '../../src/scoring';
import { MODELS_DIR, type Models } from '../../src/scoring/models';
import type { SatisfactionModelData } from '../../src/scoring/satisfaction';
import type { SatisfactionModelFile } from '../../src/scoring/satisfaction/model-file';
import { conversationFeatures, fitSatisfactionModel } from '../../src/training/satisfaction';
import { SATISFACTION_FILES } from '../../src/training/satisfaction-recipe';
import { detectBreakdowns } from '../../src/scoring/breakdown';
import {
  readBreakdownDialogues,
  readConversationFile,
  readRatedConversations,
  toConversation,
  type ConversationRecord,
  type LabelledDialogue,
} from './conversation-data';

const CV_FOLDS = 5;
const DISSATISFIED_AT_MOST = 2.5;

const predictWith = (model: SatisfactionModelData, x: number[]) =>
  Math.min(5, Math.max(1, model.intercept + model.weights.reduce((sum, w, i) => sum + w * x[i]!, 0)));

/**
 * Predicted satisfaction for each record. If the shipped model trained on any of them, every record
 * is predicted by 5-fold cross-validation, each fold's model fitted like npm run train:satisfaction:
 * on the file's other folds plus the other training files.
 */
function predictSatisfaction(path: string, records: ConversationRecord[], models: Models, trainingDataDir: string) {
  const shipped = JSON.parse(readFileSync(join(MODELS_DIR, 'satisfaction', 'model.json'), 'utf8')) as SatisfactionModelFile;
  const trained = new Set(shipped.trainedIdHashes);
  if (!records.some((r) => trained.has(fnv1a(r.id)))) {
    return { method: 'shipped model', predicted: records.map((r) => scoreConversation(toConversation(r), models).satisfaction.predicted) };
  }
  const others = SATISFACTION_FILES.filter((f) => f !== basename(path)).flatMap((f) =>
    readRatedConversations(join(trainingDataDir, 'conversations', f)).map((r) => ({ x: conversationFeatures(r.conversation, models), y: r.satisfaction })),
  );
  const rows = records.map((r) => ({ id: r.id, x: conversationFeatures(toConversation(r), models), y: r.labels.satisfaction! }));
  const predicted = crossValidate(rows, CV_FOLDS, (training) => {
    const all = [...training, ...others];
    const model = fitSatisfactionModel(all.map((t) => t.x), all.map((t) => t.y));
    return (row) => predictWith(model, row.x);
  });
  return { method: `${CV_FOLDS}-fold cross-validation`, predicted };
}

/** The breakdown flag on every labelled bot message. It is rules, trained on nothing: scored directly. */
function evaluateBreakdowns(dialogues: LabelledDialogue[], models: Models) {
  const gold: boolean[] = [];
  const predicted: boolean[] = [];
  for (const d of dialogues) {
    const flagged = new Set(detectBreakdowns(d.conversation, models).evidence.map((e) => e.seq));
    for (const [seq, broke] of d.labels) {
      gold.push(broke);
      predicted.push(flagged.has(seq));
    }
  }
  const { precision, recall, f1 } = binaryScores(gold, predicted, true);
  return { botMessages: gold.length, breakdownPrecision: precision, breakdownRecall: recall, breakdownF1: f1 };
}

export function evaluateConversations(path: string, models: Models, trainingDataDir: string) {
  const records = readConversationFile(path);
  const result: Record<string, unknown> = { task: 'conversations', n: records.length };
  const rated = records.filter((r) => typeof r.labels.satisfaction === 'number');
  if (rated.length) {
    const { method, predicted } = predictSatisfaction(path, rated, models, trainingDataDir);
    const gold = rated.map((r) => r.labels.satisfaction!);
    result.method = method;
    result.satisfactionSpearman = spearman(predicted, gold);
    // Lower predicted satisfaction should rank the dissatisfied first.
    result.dissatisfiedAuc = auc(predicted.map((p) => -p), gold.map((g) => g <= DISSATISFIED_AT_MOST));
  }
  const withResolution = records.filter((r) => typeof r.labels.resolved === 'boolean');
  if (withResolution.length) {
    // The resolution stage is rules, not trained on these records: scored directly.
    const predicted = withResolution.map((r) => scoreConversation(toConversation(r), models).resolution.outcome === 'resolved');
    const gold = withResolution.map((r) => r.labels.resolved!);
    result.resolvedAccuracy = accuracy(gold, predicted);
    result.resolvedF1 = binaryScores(gold, predicted, true).f1;
  }
  const dialogues = readBreakdownDialogues(path);
  if (dialogues.length) Object.assign(result, evaluateBreakdowns(dialogues, models));
  return result;
}

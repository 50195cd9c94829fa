import { join } from 'node:path';
import { crossValidate } from '../../src/eval/folds';
import { accuracy, auc, binaryScores, spearman } from '../../src/eval/metrics';
import { scoreConversation } from '../../src/scoring';
import { DEFAULT_FLAG_THRESHOLDS } from '../../src/scoring/flags/thresholds';
import { toLinearModel } from '../../src/scoring/classifier/linear';
import type { Models } from '../../src/scoring/models';
import { toConfirmationModel } from '../../src/scoring/resolution/confirmations';
import { CONFIRMATION_REASON } from '../../src/scoring/resolution';
import { trainConversationModels } from '../../src/training/conversation-models';
import { CONVERSATION_TRAINING_FILES } from '../../src/training/conversation-recipe';
import { messageConfirms, readConversationFile, readLabelledConversations, toConversation } from './conversation-data';
import { shippedModelSaw } from './shipped';

const CV_FOLDS = 5;
const DISSATISFIED_AT_MOST = 2.5;
const BREAKDOWN_AT_LEAST = 0.5; // the share of annotators who saw a breakdown

type Scored = ReturnType<typeof scoreAll>['scored'][number];

const CONVERSATION_MODELS = ['confirmations/model.json', 'resolution/model.json', 'reactions/model.json', 'satisfaction/model.json'];

/**
 * Scores every conversation once. If a shipped conversation model trained on any of them, each is
 * scored by 5-fold cross-validation instead: for each fold, the conversation models are retrained
 * exactly as npm run train:conversations does, on its data less that fold's records.
 */
function scoreAll(path: string, models: Models, trainingDataDir: string) {
  const records = readConversationFile(path).map((record) => ({ id: record.id, record, conversation: toConversation(record) }));
  const ids = records.map((r) => r.id);
  if (!CONVERSATION_MODELS.some((model) => shippedModelSaw(model, ids))) {
    return { method: 'shipped models', scored: records.map((r) => ({ ...r, score: scoreConversation(r.conversation, models) })) };
  }
  const trainingData = CONVERSATION_TRAINING_FILES.flatMap((f) => readLabelledConversations(join(trainingDataDir, 'conversations', f)));
  const scores = crossValidate(records, CV_FOLDS, (training) => {
    const kept = new Set(training.map((r) => r.id));
    const heldOut = new Set(ids.filter((id) => !kept.has(id)));
    const trained = trainConversationModels(trainingData.filter((r) => !heldOut.has(r.id)), models);
    const foldModels: Models = {
      ...models,
      confirmations: toConfirmationModel(trained.confirmations),
      resolution: toLinearModel(trained.resolution),
      reactions: toLinearModel(trained.reactions),
      satisfaction: trained.satisfaction,
    };
    return (r) => scoreConversation(r.conversation, foldModels);
  });
  return { method: `${CV_FOLDS}-fold cross-validation`, scored: records.map((r, i) => ({ ...r, score: scores[i]! })) };
}

/** The breakdown flag (rules, trained on nothing) on every bot message annotators labelled. */
function breakdownScores(scored: Scored[]) {
  const gold: boolean[] = [];
  const predicted: boolean[] = [];
  for (const { record, score } of scored) {
    const flagged = new Set(score.breakdowns.evidence.map((e) => e.seq));
    record.messages.forEach((m, seq) => {
      if (m.role !== 'bot' || typeof m.breakdown !== 'number') return;
      gold.push(m.breakdown >= BREAKDOWN_AT_LEAST);
      predicted.push(flagged.has(seq));
    });
  }
  if (gold.length === 0) return {};
  const { precision, recall, f1 } = binaryScores(gold, predicted, true);
  return { botMessages: gold.length, breakdownPrecision: precision, breakdownRecall: recall, breakdownF1: f1 };
}

/**
 * Where the file marks the messages confirming a solution (stc3's nuggets): how many conversations'
 * resolution evidence cites a message on the confirmation classifier's word, and how often that
 * message is one the annotators marked.
 */
function confirmationCitations(scored: Scored[]) {
  if (!scored.some((s) => s.record.messages.some((m) => m.nugget !== undefined))) return {};
  let cited = 0;
  let marked = 0;
  for (const { record, score } of scored) {
    const confirms = messageConfirms(record.messages);
    for (const e of score.resolution.evidence) {
      if (e.seq === undefined || !e.reason.startsWith(CONFIRMATION_REASON)) continue;
      cited++;
      if (confirms[e.seq]) marked++;
    }
  }
  return { confirmationsCited: cited, confirmationsCitedPrecision: cited ? marked / cited : null };
}

/** Every conversation is scored once; each label the file carries is measured against that score. */
export function evaluateConversations(path: string, models: Models, trainingDataDir: string) {
  const { method, scored } = scoreAll(path, models, trainingDataDir);
  const result: Record<string, unknown> = { task: 'conversations', method, n: scored.length };
  const rated = scored.filter((s) => typeof s.record.labels.satisfaction === 'number');
  if (rated.length) {
    const predicted = rated.map((r) => r.score.satisfaction.predicted);
    const gold = rated.map((r) => r.record.labels.satisfaction!);
    result.satisfactionSpearman = spearman(predicted, gold);
    // Lower predicted satisfaction should rank the dissatisfied first.
    result.dissatisfiedAuc = auc(predicted.map((p) => -p), gold.map((g) => g <= DISSATISFIED_AT_MOST));
    // The QA flag at its default threshold, against the same dissatisfied label.
    const flagged = predicted.map((p) => p <= DEFAULT_FLAG_THRESHOLDS.lowPredictedCsat);
    const flag = binaryScores(gold.map((g) => g <= DISSATISFIED_AT_MOST), flagged, true);
    Object.assign(result, { lowSatisfactionFlags: flagged.filter(Boolean).length, lowSatisfactionFlagPrecision: flag.precision, lowSatisfactionFlagRecall: flag.recall });
  }
  const withResolution = scored.filter((s) => typeof s.record.labels.resolved === 'boolean');
  if (withResolution.length) {
    const predicted = withResolution.map((s) => s.score.resolution.outcome === 'resolved');
    const gold = withResolution.map((s) => s.record.labels.resolved!);
    result.resolvedAccuracy = accuracy(gold, predicted);
    result.resolvedF1 = binaryScores(gold, predicted, true).f1;
  }
  return { ...result, ...confirmationCitations(scored), ...breakdownScores(scored) };
}

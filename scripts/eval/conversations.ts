import { basename, join } from 'node:path';
import { crossValidate } from '../../src/eval/folds';
import { accuracy, auc, binaryScores, spearman } from '../../src/eval/metrics';
import { scoreConversation } from '../../src/scoring';
import type { Models } from '../../src/scoring/models';
import { toLinearModel } from '../../src/scoring/classifier/linear';
import { predictRating } from '../../src/scoring/satisfaction';
import { satisfactionFeatures } from '../../src/scoring/satisfaction/features';
import { conversationFeatures, fitSatisfactionModel } from '../../src/training/satisfaction';
import { trainResolutionModel } from '../../src/training/resolution';
import { SATISFACTION_FILES } from '../../src/training/satisfaction-recipe';
import { readConversationFile, readRatedConversations, toConversation } from './conversation-data';
import { shippedModelSaw } from './shipped';

const CV_FOLDS = 5;
const DISSATISFIED_AT_MOST = 2.5;
const BREAKDOWN_AT_LEAST = 0.5; // the share of annotators who saw a breakdown

type Scored = ReturnType<typeof scoreAll>['scored'][number];

/**
 * Scores every conversation once. If the shipped resolution classifier trained on any of them, each
 * is scored with the models of a 5-fold cross-validation instead: the shipped ones, but for a
 * resolution classifier trained like npm run train:resolution on the other folds.
 */
function scoreAll(path: string, models: Models) {
  const records = readConversationFile(path).map((record) => ({ id: record.id, record, conversation: toConversation(record) }));
  if (!shippedModelSaw('resolution/model.json', records.map((r) => r.id))) {
    return { method: 'shipped model', scored: records.map((r) => ({ ...r, score: scoreConversation(r.conversation, models) })) };
  }
  const scores = crossValidate(records, CV_FOLDS, (training) => {
    const labelled = training.flatMap((t) => (typeof t.record.labels.resolved === 'boolean' ? [{ conversation: t.conversation, resolved: t.record.labels.resolved }] : []));
    const foldModels: Models = { ...models, resolution: toLinearModel(trainResolutionModel(labelled, models)) };
    return (r) => scoreConversation(r.conversation, foldModels);
  });
  return { method: `${CV_FOLDS}-fold cross-validation`, scored: records.map((r, i) => ({ ...r, score: scores[i]! })) };
}

/**
 * If the shipped satisfaction model trained on any of these conversations, each is predicted by
 * 5-fold cross-validation, each fold's model fitted like npm run train:satisfaction: on the file's
 * other folds plus the other training files. Otherwise the shipped model's prediction stands.
 */
function satisfactionPredictions(path: string, rated: Scored[], models: Models, trainingDataDir: string) {
  if (!shippedModelSaw('satisfaction/model.json', rated.map((r) => r.record.id))) {
    return { method: 'shipped model', predicted: rated.map((r) => r.score.satisfaction.predicted) };
  }
  const others = SATISFACTION_FILES.filter((f) => f !== basename(path)).flatMap((f) =>
    readRatedConversations(join(trainingDataDir, 'conversations', f)).map((r) => ({ x: conversationFeatures(r.conversation, models), y: r.satisfaction })),
  );
  const rows = rated.map((r) => ({ id: r.record.id, x: satisfactionFeatures(r.conversation, r.score), y: r.record.labels.satisfaction! }));
  const predicted = crossValidate(rows, CV_FOLDS, (training) => {
    const all = [...training, ...others];
    const model = fitSatisfactionModel(all.map((t) => t.x), all.map((t) => t.y));
    return (row) => predictRating(model, row.x);
  });
  return { method: `${CV_FOLDS}-fold cross-validation`, predicted };
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

/** Every conversation is scored once; each label the file carries is measured against that score. */
export function evaluateConversations(path: string, models: Models, trainingDataDir: string) {
  const { method: resolutionMethod, scored } = scoreAll(path, models);
  const result: Record<string, unknown> = { task: 'conversations', n: scored.length };
  const rated = scored.filter((s) => typeof s.record.labels.satisfaction === 'number');
  if (rated.length) {
    const { method, predicted } = satisfactionPredictions(path, rated, models, trainingDataDir);
    const gold = rated.map((r) => r.record.labels.satisfaction!);
    result.method = method;
    result.satisfactionSpearman = spearman(predicted, gold);
    // Lower predicted satisfaction should rank the dissatisfied first.
    result.dissatisfiedAuc = auc(predicted.map((p) => -p), gold.map((g) => g <= DISSATISFIED_AT_MOST));
  }
  const withResolution = scored.filter((s) => typeof s.record.labels.resolved === 'boolean');
  if (withResolution.length) {
    result.resolutionMethod = resolutionMethod;
    const predicted = withResolution.map((s) => s.score.resolution.outcome === 'resolved');
    const gold = withResolution.map((s) => s.record.labels.resolved!);
    result.resolvedAccuracy = accuracy(gold, predicted);
    result.resolvedF1 = binaryScores(gold, predicted, true).f1;
  }
  return { ...result, ...breakdownScores(scored) };
}

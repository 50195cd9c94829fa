import type { Conversation } from '../contract/conversation';
import {
  CONFIRMATION_CLASSES,
  confirmationCandidates,
  confirmationFeatures,
  readConfirmations,
  toConfirmationModel,
  type ConfirmationModelData,
  type ConfirmationReading,
} from '../scoring/resolution/confirmations';
import type { LanguageCode, SentimentResult } from '../scoring/types';
import { CONFIRMATION_TRAINING_OPTIONS } from './conversation-recipe';
import { trainLinear, type Example } from './linear';

export interface ConfirmationRecord {
  conversation: Conversation;
  /** Per message, whether it confirms the solution, where the source says. */
  messageConfirms: (boolean | undefined)[];
}

export interface ConfirmationTraining {
  data: ConfirmationModelData;
  /** Per inner fold, the model trained without that fold's records (same languages and neutral values). */
  foldData: ConfirmationModelData[];
  /**
   * Each record read by the model of its inner fold: what the resolution classifier learns from, so
   * it learns how far to trust this classifier on conversations it has not seen, as every scored
   * conversation is.
   */
  readings: ConfirmationReading[];
}

// Of the labelled messages: a language the identifier names on fewer than this share is noise, not training data.
const MIN_LANGUAGE_SHARE = 0.05;

const labelledSeqs = (r: ConfirmationRecord) => confirmationCandidates(r.conversation).filter((seq) => r.messageConfirms[seq] !== undefined);

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

/**
 * Trains the message classifier on the records whose customer messages are labelled, and once per
 * inner fold without that fold (`folds[i]` is record i's). Its languages are the labelled
 * messages'; the neutral signals are the means of the labelled records' out-of-fold readings.
 * Deterministic.
 */
export function trainConfirmationModel(
  records: readonly ConfirmationRecord[],
  sentiments: readonly SentimentResult[],
  folds: readonly number[],
  foldCount: number,
): ConfirmationTraining {
  const labelled = records.map(labelledSeqs);
  const examples = records.map((r, i) =>
    labelled[i]!.map((seq): Example => ({ ...confirmationFeatures(r.conversation, seq), label: r.messageConfirms[seq] ? 'confirmation' : 'other' })),
  );

  const counts = new Map<LanguageCode, number>();
  records.forEach((_, i) => {
    for (const seq of labelled[i]!) {
      const language = sentiments[i]!.messages[seq]!.language;
      counts.set(language, (counts.get(language) ?? 0) + 1);
    }
  });
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const languages = [...counts].filter(([, n]) => n >= total * MIN_LANGUAGE_SHARE).map(([language]) => language).sort();

  const fit = (keep: (i: number) => boolean) =>
    trainLinear(examples.filter((_, i) => keep(i)).flat(), CONFIRMATION_CLASSES, CONFIRMATION_TRAINING_OPTIONS);
  const foldFits = Array.from({ length: foldCount }, (_, k) => fit((i) => folds[i] !== k));
  // The neutral values come from these readings, so the fold models read without any: a record
  // with nothing read is given them below.
  const foldModels = foldFits.map((model) => toConfirmationModel({ model, languages, neutral: [] }));
  const raw = records.map((r, i) => readConfirmations(r.conversation, sentiments[i]!, foldModels[folds[i]!]!));

  const read = raw.filter((reading, i) => examples[i]!.length > 0 && reading.best !== null);
  const neutral = [0, 1].map((j) => mean(read.map((reading) => reading.signals[j]!))); // the best and the last
  return {
    data: { model: fit(() => true), languages, neutral },
    foldData: foldFits.map((model) => ({ model, languages, neutral })),
    readings: raw.map((reading) => (reading.best ? reading : { ...reading, signals: neutral })),
  };
}

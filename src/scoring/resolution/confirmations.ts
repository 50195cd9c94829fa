import type { Conversation } from '../../contract/conversation';
import { predictProbabilities, toLinearModel, type LinearModel, type LinearModelData } from '../classifier/linear';
import type { TrainedLinearModelFile } from '../classifier/model-file';
import { partPrefix, pushPartWords } from '../text/hashed-features';
import { messageTexts } from '../text/message-text';
import type { LanguageCode, SentimentResult } from '../types';

/**
 * Per customer message: confirming that the solution given worked (stc3's CNUG* nugget), or not.
 * Learnt from the messages annotators marked, it reads more than the thanks and confirmation cue
 * lists do ("I have received it", "the account is back"), but only in the languages it learnt from.
 */
export const CONFIRMATION_CLASSES = ['other', 'confirmation'] as const;

/** models/confirmations/model.json as scoring uses it. */
export interface ConfirmationModelData {
  model: LinearModelData;
  /** The languages of the messages it learnt from: it reads no others. */
  languages: LanguageCode[];
  /**
   * The training conversations' mean of each of the reading's signals: what a conversation it
   * cannot read is given, so the resolution classifier weighs it as an average conversation rather
   * than as one where nothing was confirmed.
   */
  neutral: number[];
}

/** models/confirmations/model.json: the model and what it learnt from. */
export type ConfirmationModelFile = Omit<TrainedLinearModelFile, 'model'> & ConfirmationModelData;

export interface ConfirmationModel {
  readonly model: LinearModel;
  readonly languages: ReadonlySet<LanguageCode>;
  readonly neutral: readonly number[];
}

export const toConfirmationModel = (data: ConfirmationModelData): ConfirmationModel =>
  Object.freeze({ model: toLinearModel(data.model), languages: new Set(data.languages), neutral: Object.freeze([...data.neutral]) });

const OWN = partPrefix('cf:');

/** The customer messages with text: the ones that can confirm a solution. */
export function confirmationCandidates(conversation: Conversation): number[] {
  const seqs: number[] = [];
  conversation.messages.forEach((m, seq) => {
    if (m.role === 'customer' && m.text.trim() !== '') seqs.push(seq);
  });
  return seqs;
}

/** Customer message `seq`'s words and word pairs. */
export function confirmationFeatures(conversation: Conversation, seq: number): { sparse: number[]; dense: number[] } {
  const sparse: number[] = [];
  pushPartWords(sparse, OWN, messageTexts(conversation)[seq]!.words);
  return { sparse, dense: [] };
}

export interface ConfirmationReading {
  /**
   * What the resolution classifier weighs, in this order: the highest P(confirmation) of a customer
   * message, and the last one read's; the neutral values when none could be read.
   */
  signals: number[];
  /** The customer message likeliest to confirm the solution. */
  best: { seq: number; p: number } | null;
}

const CONFIRMATION = CONFIRMATION_CLASSES.indexOf('confirmation');

/** Every customer message in a language the classifier learnt from, read; the others are left to the cue lists. */
export function readConfirmations(conversation: Conversation, sentiment: SentimentResult, confirmations: ConfirmationModel): ConfirmationReading {
  let best: ConfirmationReading['best'] = null;
  let last = 0;
  for (const seq of confirmationCandidates(conversation)) {
    if (!confirmations.languages.has(sentiment.messages[seq]!.language)) continue;
    const { sparse, dense } = confirmationFeatures(conversation, seq);
    last = predictProbabilities(confirmations.model, sparse, dense)[CONFIRMATION]!;
    if (best === null || last > best.p) best = { seq, p: last };
  }
  return { signals: best ? [best.p, last] : [...confirmations.neutral], best };
}

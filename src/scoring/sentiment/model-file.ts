import type { LinearModelData } from '../classifier/linear';
import type { TrainingSource } from '../classifier/model-file';
import type { ScoredLanguage } from '../models';

/** models/sentiment/<language>.json */
export interface SentimentModelFile {
  language: ScoredLanguage;
  trainedOn: TrainingSource[];
  options: Record<string, number | boolean>;
  /** FNV-1a hashes of the training records' ids, so evaluation can refuse to score a model on its own training data. */
  trainedIdHashes: number[];
  model: LinearModelData;
}

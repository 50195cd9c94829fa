import type { LinearModelData } from './linear';

/** One data file a shipped model learnt from, as its model file records it. */
export interface TrainingSource {
  /** Relative to the eval data folder, e.g. "conversations/stc3.dev.jsonl". */
  file: string;
  sha256: string;
  records: number;
  license: string;
}

/** models/resolution/model.json, models/reactions/model.json: a linear model and what it learnt from. */
export interface TrainedLinearModelFile {
  trainedOn: TrainingSource[];
  options: Record<string, number | boolean>;
  /** FNV-1a hashes of the training conversations' ids: evaluation cross-validates on these. */
  trainedIdHashes: number[];
  model: LinearModelData;
}

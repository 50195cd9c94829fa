import type { LinearModelData } from './linear';

/** models/resolution/model.json, models/reactions/model.json: a linear model and what it learnt from. */
export interface TrainedLinearModelFile {
  trainedOn: { file: string; sha256: string; records: number; license: string }[];
  options: Record<string, number>;
  /** FNV-1a hashes of the training conversations' ids: evaluation cross-validates on these. */
  trainedIdHashes: number[];
  model: LinearModelData;
}

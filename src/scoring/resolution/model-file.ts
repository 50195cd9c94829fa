import type { LinearModelData } from '../classifier/linear';

/** models/resolution/model.json */
export interface ResolutionModelFile {
  trainedOn: { file: string; sha256: string; records: number; license: string }[];
  options: Record<string, number>;
  /** FNV-1a hashes of the training conversations' ids: evaluation cross-validates on these. */
  trainedIdHashes: number[];
  model: LinearModelData;
}

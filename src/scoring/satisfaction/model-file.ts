import type { TrainingSource } from '../classifier/model-file';
import type { SatisfactionModelData } from '.';

/** models/satisfaction/model.json */
export interface SatisfactionModelFile {
  trainedOn: TrainingSource[];
  ridge: number;
  /** Features kept at weight 0 because the training data cannot inform them (no timestamps). */
  frozen: string[];
  trainedIdHashes: number[];
  model: SatisfactionModelData;
}

import type { TrainingSource } from '../classifier/model-file';
import type { SatisfactionModelData } from '.';

/** models/satisfaction/model.json */
export interface SatisfactionModelFile {
  trainedOn: TrainingSource[];
  /** The settings the trees were grown with. */
  trees: Record<string, number>;
  /** Features no tree splits on, because the training data cannot inform them (no timestamps). */
  frozen: string[];
  trainedIdHashes: number[];
  model: SatisfactionModelData;
}

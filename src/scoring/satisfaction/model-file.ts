import type { TrainingSource } from '../classifier/model-file';
import type { SatisfactionModelData } from '.';

/** models/satisfaction/model.json */
export interface SatisfactionModelFile {
  trainedOn: TrainingSource[];
  /** The settings the trees were grown with. */
  trees: Record<string, number>;
  /** Features no tree splits on, because the training data cannot inform them (no timestamps). */
  frozen: string[];
  /** Features the prediction may only rise (1) or only fall (-1) with. */
  directions: Record<string, 1 | -1>;
  trainedIdHashes: number[];
  model: SatisfactionModelData;
}

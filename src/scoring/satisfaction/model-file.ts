import type { TrainingSource } from '../classifier/model-file';
import type { BoostedTreeOptions } from '../../training/boosted-trees';
import type { SatisfactionModelData } from '.';

/** models/satisfaction/model.json */
export interface SatisfactionModelFile {
  trainedOn: TrainingSource[];
  trees: BoostedTreeOptions;
  /** Features no tree splits on, because the training data cannot inform them (no timestamps). */
  frozen: string[];
  trainedIdHashes: number[];
  model: SatisfactionModelData;
}

import { fnv1a } from '../scoring/text/hash';

export { fnv1a };

export const foldOf = (id: string, folds: number) => fnv1a(id) % folds;

/** Deterministic k-fold cross-validation: each record is predicted by a model that never saw it. */
export function crossValidate<R extends { id: string }, P>(
  records: readonly R[],
  folds: number,
  train: (training: R[]) => (record: R) => P,
): P[] {
  const predictions = new Array<P>(records.length);
  for (let fold = 0; fold < folds; fold++) {
    const predict = train(records.filter((r) => foldOf(r.id, folds) !== fold));
    records.forEach((r, i) => {
      if (foldOf(r.id, folds) === fold) predictions[i] = predict(r);
    });
  }
  return predictions;
}

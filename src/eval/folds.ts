/** FNV-1a, 32 bit: a stable hash so a record's fold depends on its id only, not on file order. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

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

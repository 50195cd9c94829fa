/**
 * Ridge regression in closed form: w = (Xc'Xc + ridge*I)^-1 Xc'yc on mean-centred data, solved by
 * Gaussian elimination with partial pivoting. Deterministic; a few dozen features at most.
 * Columns in `frozen` keep weight 0.
 */
export function fitRidge(rows: readonly number[][], targets: readonly number[], ridge: number, frozen: ReadonlySet<number> = new Set()) {
  const d = rows[0]?.length ?? 0;
  const n = rows.length;
  const means = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / n);
  const targetMean = targets.reduce((s, y) => s + y, 0) / n;
  const free = Array.from({ length: d }, (_, j) => j).filter((j) => !frozen.has(j));
  const k = free.length;
  const a = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  rows.forEach((r, i) => {
    const y = targets[i]! - targetMean;
    free.forEach((jp, p) => {
      const xp = r[jp]! - means[jp]!;
      free.forEach((jq, q) => (a[p]![q]! += xp * (r[jq]! - means[jq]!)));
      a[p]![k]! += xp * y;
    });
  });
  for (let p = 0; p < k; p++) a[p]![p]! += ridge;
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let row = col + 1; row < k; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let row = 0; row < k; row++) {
      if (row === col) continue;
      const factor = a[row]![col]! / a[col]![col]!;
      for (let c = col; c <= k; c++) a[row]![c]! -= factor * a[col]![c]!;
    }
  }
  const weights = new Array<number>(d).fill(0);
  free.forEach((j, p) => (weights[j] = a[p]![k]! / a[p]![p]!));
  const intercept = targetMean - weights.reduce((s, w, j) => s + w * means[j]!, 0);
  return { weights, intercept, means };
}

import { CATEGORICAL_LABELS, type ReviewLabels } from './labels';

export interface LabelAgreement {
  /** Reviews that gave this label where Parley had one too. */
  n: number;
  accuracy: number | null;
  /** Cohen's kappa: agreement beyond what the two sides' label frequencies give by chance. */
  kappa: number | null;
}

export interface Agreement {
  reviews: number;
  labels: Record<(typeof CATEGORICAL_LABELS)[number], LabelAgreement>;
  satisfaction: { n: number; meanAbsoluteError: number | null };
}

/** Cohen's kappa of paired labels; null when chance agreement is total (one label on both sides). */
export function cohenKappa(pairs: readonly [string, string][]): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const observed = pairs.filter(([a, b]) => a === b).length / n;
  const left = new Map<string, number>();
  const right = new Map<string, number>();
  for (const [a, b] of pairs) {
    left.set(a, (left.get(a) ?? 0) + 1);
    right.set(b, (right.get(b) ?? 0) + 1);
  }
  let chance = 0;
  for (const [label, count] of left) chance += (count / n) * ((right.get(label) ?? 0) / n);
  return chance === 1 ? null : (observed - chance) / (1 - chance);
}

/** Parley against the reviewers, label by label, over one review per conversation. */
export function measureAgreement(reviews: readonly { labels: ReviewLabels; parleyLabels: ReviewLabels }[]): Agreement {
  const labels = Object.fromEntries(
    CATEGORICAL_LABELS.map((label) => {
      const pairs = reviews.flatMap((r): [string, string][] => {
        const parley = r.parleyLabels[label];
        const reviewer = r.labels[label];
        return parley === undefined || reviewer === undefined ? [] : [[String(parley), String(reviewer)]];
      });
      const agreed = pairs.filter(([a, b]) => a === b).length;
      return [label, { n: pairs.length, accuracy: pairs.length ? agreed / pairs.length : null, kappa: cohenKappa(pairs) }];
    }),
  ) as Agreement['labels'];
  const errors = reviews.flatMap((r) =>
    r.parleyLabels.satisfaction === undefined || r.labels.satisfaction === undefined ? [] : [Math.abs(r.parleyLabels.satisfaction - r.labels.satisfaction)],
  );
  return {
    reviews: reviews.length,
    labels,
    satisfaction: { n: errors.length, meanAbsoluteError: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : null },
  };
}

import { z } from 'zod';

/** A QA scorecard: the categories a reviewer rates 1–5, their weights, and which are critical. */
export const rubricSchema = z.strictObject({
  categories: z
    .array(
      z.strictObject({
        key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and "_", starting with a letter'),
        name: z.string().trim().min(1).max(100),
        weight: z.number().positive().max(100),
        // A critical category rated 1 or 2 fails the whole review (score 0), whatever the others say.
        critical: z.boolean().default(false),
      }),
    )
    .min(1)
    .max(30)
    .refine((c) => new Set(c.map((x) => x.key)).size === c.length, 'category keys must be unique'),
});
export type Rubric = z.infer<typeof rubricSchema>;

export const DEFAULT_RUBRIC: Rubric = {
  categories: [
    { key: 'greeting', name: 'Greeting and introduction', weight: 1, critical: false },
    { key: 'understanding', name: 'Understood the request', weight: 2, critical: false },
    { key: 'accuracy', name: 'Correct and complete information', weight: 3, critical: true },
    { key: 'tone', name: 'Tone and empathy', weight: 2, critical: false },
    { key: 'resolution', name: 'Resolved or set clear next steps', weight: 3, critical: false },
  ],
};

export const RATING = z.number().int().min(1).max(5);
const CRITICAL_FAIL = 2;

/**
 * The review's score, 0–100: the weighted mean of the rated categories, each rating 1–5 mapped to
 * 0–100, or 0 when a critical category is rated 2 or lower. Null when nothing was rated.
 */
export function rubricScore(rubric: Rubric, ratings: Record<string, number>): { score: number | null; criticalFailed: boolean } {
  const rated = rubric.categories.filter((c) => ratings[c.key] !== undefined);
  if (rated.length === 0) return { score: null, criticalFailed: false };
  const criticalFailed = rated.some((c) => c.critical && ratings[c.key]! <= CRITICAL_FAIL);
  if (criticalFailed) return { score: 0, criticalFailed };
  const weight = rated.reduce((sum, c) => sum + c.weight, 0);
  const score = rated.reduce((sum, c) => sum + c.weight * ((ratings[c.key]! - 1) / 4) * 100, 0) / weight;
  return { score: Math.round(score * 10) / 10, criticalFailed };
}

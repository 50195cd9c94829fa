/** The QA review workflow: new → in_review (assigned to a reviewer) → done (reviewed). */
export const REVIEW_STATUSES = ['new', 'in_review', 'done'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

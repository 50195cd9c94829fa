import { z } from 'zod';
import { sentimentBand } from '../kpis/sentiment-bands';
import { ABANDONMENT_OUTCOMES, RESOLUTION_OUTCOMES } from '../scoring/types';

/** Parley's labels a reviewer can confirm or override. */
export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export const reviewLabelsSchema = z.strictObject({
  sentiment: z.enum(SENTIMENT_LABELS).optional(),
  resolution: z.enum(RESOLUTION_OUTCOMES).optional(),
  intent: z.string().trim().min(1).max(100).optional(),
  abandonment: z.enum(ABANDONMENT_OUTCOMES).optional(),
  satisfaction: z.number().min(1).max(5).optional(),
});
export type ReviewLabels = z.infer<typeof reviewLabelsSchema>;
export const CATEGORICAL_LABELS = ['sentiment', 'resolution', 'intent', 'abandonment'] as const;


/** Parley's own values of the labels, from a conversation's latest scores. */
export function parleyLabels(s: {
  customerSentiment: number | null;
  resolution: string;
  intent: string | null;
  abandonment: string;
  predictedCsat: number | null;
}): ReviewLabels {
  const sentiment = s.customerSentiment === null ? undefined : sentimentBand(s.customerSentiment);
  return {
    ...(sentiment ? { sentiment } : {}),
    resolution: s.resolution as ReviewLabels['resolution'],
    ...(s.intent ? { intent: s.intent } : {}),
    abandonment: s.abandonment as ReviewLabels['abandonment'],
    ...(s.predictedCsat === null ? {} : { satisfaction: Math.round(s.predictedCsat * 100) / 100 }),
  };
}

import { z } from 'zod';
import { CHANNELS } from '../../contract/conversation';

const clockThresholds = z.strictObject({
  /** First human response later than this, in seconds. */
  slowFirstResponseSeconds: z.number().positive(),
  /** Any later wait for a human reply longer than this, in seconds. */
  longWaitSeconds: z.number().positive(),
});

/** What each flag fires at; a workspace overrides any of them (PATCH /v1/workspace {"flagThresholds"}). */
export const flagThresholdsSchema = z.strictObject({
  /** The customer's last message scores below this sentiment. */
  negativeEnding: z.number().min(-1).max(1),
  /** The customer's sentiment fell by at least this much from first to last message. */
  sentimentDrop: z.number().gt(0).max(2),
  ...clockThresholds.shape,
  /** The clock thresholds of channels whose customers expect another pace (email: hours, not minutes). */
  byChannel: z.partialRecord(z.enum(CHANNELS), clockThresholds.partial()),
  /** Bot messages flagged as breakdowns (misunderstanding, repetition, confused reply), at least. */
  botBreakdowns: z.number().int().min(1),
  /** Share of the shorter message's words two customer messages share to be the same request. */
  repeatedRequestOverlap: z.number().gt(0).max(1),
  /** An agent message scores below this sentiment. */
  agentNegativeTone: z.number().min(-1).max(1),
  /** Predicted CSAT (1–5) at or below this. */
  lowPredictedCsat: z.number().min(1).max(5),
  /** A survey answer at or below these: CSAT (1–5), NPS (0–10). */
  detractorCsat: z.number().int().min(1).max(5),
  detractorNps: z.number().int().min(0).max(10),
});
export type FlagThresholds = z.infer<typeof flagThresholdsSchema>;

export const DEFAULT_FLAG_THRESHOLDS: FlagThresholds = {
  negativeEnding: -0.3,
  sentimentDrop: 0.5,
  slowFirstResponseSeconds: 300,
  longWaitSeconds: 900,
  byChannel: { email: { slowFirstResponseSeconds: 14_400, longWaitSeconds: 28_800 } },
  botBreakdowns: 1,
  repeatedRequestOverlap: 0.7,
  agentNegativeTone: -0.4,
  lowPredictedCsat: 2.5,
  detractorCsat: 2,
  detractorNps: 6,
};

/** A workspace's overrides as stored: any subset. */
export const flagThresholdOverridesSchema = flagThresholdsSchema.partial();
export type FlagThresholdOverrides = z.infer<typeof flagThresholdOverridesSchema>;

/** The defaults overridden by a workspace's choices, channel by channel. */
export function withDefaults(overrides: FlagThresholdOverrides | null | undefined): FlagThresholds {
  const byChannel: FlagThresholds['byChannel'] = { ...DEFAULT_FLAG_THRESHOLDS.byChannel };
  for (const [channel, own] of Object.entries(overrides?.byChannel ?? {}) as [keyof FlagThresholds['byChannel'], object][]) {
    byChannel[channel] = { ...byChannel[channel], ...own };
  }
  return { ...DEFAULT_FLAG_THRESHOLDS, ...overrides, byChannel };
}

/** The thresholds for one channel: its own clock thresholds over the general ones. */
export const forChannel = (t: FlagThresholds, channel: string): FlagThresholds => ({ ...t, ...t.byChannel[channel as keyof FlagThresholds['byChannel']] });

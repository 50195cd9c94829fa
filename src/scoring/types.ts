import type { SatisfactionFactor } from './satisfaction/features';

export const LANGUAGE_CODES = ['en', 'pt', 'es', 'ro', 'other'] as const;
export type LanguageCode = (typeof LANGUAGE_CODES)[number];
export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export type SentimentTrend = 'improving' | 'worsening' | 'stable';
export const RESOLUTION_OUTCOMES = ['resolved', 'unresolved', 'unknown'] as const;
export type ResolutionOutcome = (typeof RESOLUTION_OUTCOMES)[number];
/** The ways a conversation can be abandoned; its outcome is one of them or `none`. */
export const ABANDONMENT_TYPES = ['pre_engagement', 'in_queue', 'bot_dropoff', 'post_reply_silence', 'window_expired'] as const;
export const ABANDONMENT_OUTCOMES = ['none', ...ABANDONMENT_TYPES] as const;
export type AbandonmentOutcome = (typeof ABANDONMENT_OUTCOMES)[number];
export const HANDLED_BY = ['bot', 'human', 'both', 'none'] as const;
export type HandledBy = (typeof HANDLED_BY)[number];

/** A pointer at the message (by its 0-based position) or event that supports a label. */
export interface Evidence {
  seq?: number;
  event?: string;
  reason: string;
}

export interface MessageScore {
  seq: number;
  language: LanguageCode;
  sentiment: number; // [-1, 1]
  label: SentimentLabel;
}

export interface CustomerSentiment {
  mean: number;
  start: number;
  end: number;
  min: number;
  trend: SentimentTrend | null; // null with fewer than two scored customer messages
}

export interface SentimentResult {
  messages: MessageScore[];
  customer: CustomerSentiment | null;
  agent: number | null;
  bot: number | null;
}

export interface EscalationResult {
  handledBy: HandledBy;
  escalated: boolean;
  handoffAt: Date | null;
  customerAskedForHuman: boolean;
  evidence: Evidence[];
}

export interface TimingResult {
  firstResponseSeconds: number | null;
  replyTimesSeconds: number[];
  /** Each wait a human reply ended, as instants (business-hours time is measured over these), with the reply. */
  waits: { from: Date; to: Date; replySeq: number }[];
  customerWaitSeconds: number;
  durationSeconds: number;
  counts: { total: number; customer: number; agent: number; bot: number; system: number };
}

export interface AbandonmentResult {
  outcome: AbandonmentOutcome;
  evidence: Evidence[];
}

export interface ResolutionResult {
  outcome: ResolutionOutcome;
  confidence: number; // [0, 1]: how sure the stage is of `outcome`
  evidence: Evidence[];
  /**
   * Resolved without a reopen and by at most one human agent: the part of first-contact resolution
   * the conversation alone decides. Whether the customer came back is checked when FCR is read.
   */
  singleTouch: boolean;
}

export interface IntentResult {
  taxonomy: string;
  intent: string;
  confidence: number;
  /** True when no intent of the taxonomy fits ("other" in the default taxonomy). */
  none: boolean;
  evidence: Evidence[];
}

export interface SatisfactionResult {
  /** Predicted rating on the 1-5 CSAT scale. */
  predicted: number;
  /** What the model predicts for an average conversation; predicted = baseline + the factors (before clamping to 1-5). */
  baseline: number;
  /** Each factor's contribution in rating points (positive raises it). */
  factors: Partial<Record<SatisfactionFactor, number>>;
  /** The survey answer, if the customer gave one. */
  surveyed: number | null;
  /** The survey answer where there is one, else the prediction. */
  final: number;
}

export interface BreakdownResult {
  /** Bot messages flagged as breakdowns (misunderstanding, off-topic answer, fallback loop). */
  count: number;
  evidence: Evidence[];
}

/** Per customer message answering a reply: how content the customer sounds with it, in [-1, 1]. */
export interface ReactionResult {
  messages: { seq: number; score: number }[];
}

export interface OutcomesResult {
  surveyCsat: number | null;
  surveyNps: number | null;
  converted: boolean;
  conversionValue: number | null;
  conversionCurrency: string | null;
}

export interface ConversationScore {
  scorerVersion: string;
  language: LanguageCode;
  sentiment: SentimentResult;
  intent: IntentResult;
  breakdowns: BreakdownResult;
  escalation: EscalationResult;
  timing: TimingResult;
  abandonment: AbandonmentResult;
  resolution: ResolutionResult;
  reactions: ReactionResult;
  outcomes: OutcomesResult;
  satisfaction: SatisfactionResult;
}

/** The part of a score kept as JSON: evidence and anything a reviewer reads but no KPI aggregates. */
export interface ScoreDetails {
  scorerVersion: string;
  intentEvidence: Evidence[];
  breakdownEvidence: Evidence[];
  satisfactionFactors: SatisfactionResult['factors'];
  satisfactionBaseline: number;
  /** Absent from scores stored before scorer 0.3.0. */
  customerReactions?: ReactionResult['messages'];
  resolutionEvidence: Evidence[];
  abandonmentEvidence: Evidence[];
  escalationEvidence: Evidence[];
  customerAskedForHuman: boolean;
  handoffAt: string | null;
  conversionCurrency: string | null;
}

export const FLAG_REASONS = [
  'negative_ending',
  'sentiment_drop',
  'unresolved',
  'abandoned_pre_engagement',
  'abandoned_in_queue',
  'abandoned_bot_dropoff',
  'abandoned_post_reply_silence',
  'abandoned_window_expired',
  'slow_first_response',
  'long_wait',
  'asked_for_human',
  'abusive_language',
  'bot_breakdown',
  'repeated_request',
  'agent_negative_tone',
  'low_predicted_satisfaction',
  'survey_detractor',
] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];
export type FlagSeverity = 'low' | 'medium' | 'high';

/** Why a conversation deserves a reviewer's look, and the messages (or events) that show it. */
export interface Flag {
  reason: FlagReason;
  severity: FlagSeverity;
  /** The measured value the threshold was applied to, where there is one. */
  value?: number;
  evidence: Evidence[];
}

import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Flag, ScoreDetails } from '../../scoring/types';
import { conversations } from './conversations';

/** Which scorer version judged which revision of which conversation. A function: each table needs builders of its own. */
const scorerVerdictKey = () => ({
  conversationId: uuid()
    .notNull()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  scorerVersion: text().notNull(),
  workspaceId: uuid().notNull(),
  // The conversation revision the row describes.
  revision: integer().notNull(),
});

/** One row per conversation and scorer version; KPIs read the most recent row of each conversation. */
export const conversationScores = pgTable(
  'conversation_scores',
  {
    ...scorerVerdictKey(),
    scoredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    language: text().notNull(),
    customerSentiment: real(),
    customerSentimentStart: real(),
    customerSentimentEnd: real(),
    customerSentimentMin: real(),
    sentimentTrend: text(),
    agentSentiment: real(),
    botSentiment: real(),
    // Null in rows of scorer versions before intents existed.
    intent: text(),
    intentConfidence: real(),
    intentTaxonomy: text(),
    resolution: text().notNull(),
    resolutionConfidence: real().notNull(),
    // Null in rows of scorer versions before it existed.
    resolvedSingleTouch: boolean(),
    abandonment: text().notNull(),
    handledBy: text().notNull(),
    escalated: boolean().notNull(),
    firstResponseSeconds: doublePrecision(),
    replyTimesSeconds: doublePrecision().array().notNull(),
    customerWaitSeconds: doublePrecision().notNull(),
    // The same clocks counted in the workspace's business hours; null when it has none.
    firstResponseBusinessSeconds: doublePrecision(),
    replyTimesBusinessSeconds: doublePrecision().array(),
    customerWaitBusinessSeconds: doublePrecision(),
    durationSeconds: doublePrecision().notNull(),
    messageCount: integer().notNull(),
    customerMessages: integer().notNull(),
    agentMessages: integer().notNull(),
    botMessages: integer().notNull(),
    // Null in rows of scorer versions before predicted satisfaction existed.
    predictedCsat: real(),
    surveyCsat: smallint(),
    surveyNps: smallint(),
    converted: boolean().notNull(),
    conversionValue: doublePrecision(),
    // QA flags (null in rows of scorer versions before flags existed); `flagged`: any at all.
    flags: jsonb().$type<Flag[]>(),
    flagged: boolean(),
    // The most severe flag's rank (3 high, 2 medium, 1 low, 0 none): the review queue sorts by it.
    flagSeverity: smallint(),
    details: jsonb().$type<ScoreDetails>().notNull(),
    // Per-message sentiment as parallel arrays (index i describes message messageSeqs[i]): a row per
    // message would double the rows a backfill writes for every conversation.
    messageSeqs: integer().array().notNull(),
    messageSentiments: real().array().notNull(),
    messageSentimentLabels: text().array().notNull(),
    messageLanguages: text().array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.scorerVersion] }),
    // Every read takes the most recent score row of a conversation.
    index('conversation_scores_latest_idx').on(t.conversationId, t.scoredAt.desc()),
  ],
);

/**
 * A conversation a scorer version could not score at one revision (the stored transcript breaks
 * the contract, or the scorer threw on it). The reconciler's sweeps pass it by until the
 * conversation changes or another scorer version runs: it fails once a version, not once a sweep.
 */
export const scoringFailures = pgTable(
  'scoring_failures',
  {
    ...scorerVerdictKey(),
    reason: text().notNull(),
    failedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.scorerVersion] })],
);

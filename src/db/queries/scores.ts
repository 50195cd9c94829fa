import { and, desc, eq, sql } from 'drizzle-orm';
import type { BusinessTiming } from '../../kpis/business-hours';
import { worstSeverity } from '../../scoring/flags';
import type { ConversationScore, Flag, ScoreDetails } from '../../scoring/types';
import type { Database } from '../client';
import { conversationScores, messageScores } from '../schema';

export interface ScoreTarget {
  conversationId: string;
  workspaceId: string;
  revision: number;
}

const MESSAGE_SCORE_ROWS_PER_INSERT = 2_000; // 7 columns: 14,000 parameters per statement

/** What the worker derives from the scores with the workspace's settings. */
export interface WorkspaceDerived {
  /** The reply clocks in the workspace's business hours, when it has any. */
  business: BusinessTiming | null;
  flags: Flag[];
}

function conversationRow(target: ScoreTarget, score: ConversationScore, { business, flags }: WorkspaceDerived) {
  const { sentiment, escalation, timing, abandonment, resolution, outcomes } = score;
  const details: ScoreDetails = {
    scorerVersion: score.scorerVersion,
    intentEvidence: score.intent.evidence,
    breakdownEvidence: score.breakdowns.evidence,
    satisfactionFactors: score.satisfaction.factors,
    satisfactionBaseline: score.satisfaction.baseline,
    customerReactions: score.reactions.messages,
    resolutionEvidence: resolution.evidence,
    abandonmentEvidence: abandonment.evidence,
    escalationEvidence: escalation.evidence,
    customerAskedForHuman: escalation.customerAskedForHuman,
    handoffAt: escalation.handoffAt?.toISOString() ?? null,
    conversionCurrency: outcomes.conversionCurrency,
  };
  return {
    conversationId: target.conversationId,
    scorerVersion: score.scorerVersion,
    workspaceId: target.workspaceId,
    revision: target.revision,
    language: score.language,
    customerSentiment: sentiment.customer?.mean ?? null,
    customerSentimentStart: sentiment.customer?.start ?? null,
    customerSentimentEnd: sentiment.customer?.end ?? null,
    customerSentimentMin: sentiment.customer?.min ?? null,
    sentimentTrend: sentiment.customer?.trend ?? null,
    agentSentiment: sentiment.agent,
    botSentiment: sentiment.bot,
    intent: score.intent.intent,
    intentConfidence: score.intent.confidence,
    intentTaxonomy: score.intent.taxonomy,
    resolution: resolution.outcome,
    resolutionConfidence: resolution.confidence,
    resolvedSingleTouch: resolution.singleTouch,
    abandonment: abandonment.outcome,
    handledBy: escalation.handledBy,
    escalated: escalation.escalated,
    firstResponseSeconds: timing.firstResponseSeconds,
    replyTimesSeconds: timing.replyTimesSeconds,
    customerWaitSeconds: timing.customerWaitSeconds,
    firstResponseBusinessSeconds: business?.firstResponseSeconds ?? null,
    replyTimesBusinessSeconds: business?.replyTimesSeconds ?? null,
    customerWaitBusinessSeconds: business?.customerWaitSeconds ?? null,
    durationSeconds: timing.durationSeconds,
    messageCount: timing.counts.total,
    customerMessages: timing.counts.customer,
    agentMessages: timing.counts.agent,
    botMessages: timing.counts.bot,
    predictedCsat: score.satisfaction.predicted,
    surveyCsat: outcomes.surveyCsat,
    surveyNps: outcomes.surveyNps,
    converted: outcomes.converted,
    conversionValue: outcomes.conversionValue,
    flags,
    flagged: flags.length > 0,
    flagSeverity: worstSeverity(flags),
    details,
  };
}

/**
 * Writes the conversation's and its messages' scores for one scorer version in one transaction.
 * Keyed by (conversation, scorer version): a retry or duplicate job leaves exactly the same rows.
 */
export async function saveScores(db: Database, target: ScoreTarget, score: ConversationScore, derived: WorkspaceDerived): Promise<void> {
  const row = conversationRow(target, score, derived);
  const { conversationId, scorerVersion: _key, ...update } = row;
  await db.transaction(async (tx) => {
    await tx
      .insert(conversationScores)
      .values(row)
      .onConflictDoUpdate({
        target: [conversationScores.conversationId, conversationScores.scorerVersion],
        set: { ...update, scoredAt: sql`now()` },
      });
    await tx
      .delete(messageScores)
      .where(and(eq(messageScores.conversationId, conversationId), eq(messageScores.scorerVersion, score.scorerVersion)));
    const rows = score.sentiment.messages.map((m) => ({
      conversationId,
      scorerVersion: score.scorerVersion,
      seq: m.seq,
      workspaceId: target.workspaceId,
      language: m.language,
      sentiment: m.sentiment,
      sentimentLabel: m.label,
    }));
    for (let i = 0; i < rows.length; i += MESSAGE_SCORE_ROWS_PER_INSERT) {
      await tx.insert(messageScores).values(rows.slice(i, i + MESSAGE_SCORE_ROWS_PER_INSERT));
    }
  });
}

export type ConversationScoreRow = typeof conversationScores.$inferSelect;
export type MessageScoreRow = typeof messageScores.$inferSelect;

/** The most recently written scores of a conversation (whatever scorer version wrote them last). */
export async function findLatestScores(
  db: Database,
  workspaceId: string,
  conversationId: string,
): Promise<{ conversation: ConversationScoreRow; messages: MessageScoreRow[] } | null> {
  const [latest] = await db
    .select()
    .from(conversationScores)
    .where(and(eq(conversationScores.conversationId, conversationId), eq(conversationScores.workspaceId, workspaceId)))
    .orderBy(desc(conversationScores.scoredAt))
    .limit(1);
  if (!latest) return null;
  const rows = await db
    .select()
    .from(messageScores)
    .where(and(eq(messageScores.conversationId, conversationId), eq(messageScores.scorerVersion, latest.scorerVersion)))
    .orderBy(messageScores.seq);
  return { conversation: latest, messages: rows };
}

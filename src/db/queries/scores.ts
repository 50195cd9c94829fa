import { and, desc, eq, getTableColumns } from 'drizzle-orm';
import type { BusinessTiming } from '../../kpis/business-hours';
import { worstSeverity } from '../../scoring/flags';
import type { ConversationScore, Flag, ScoreDetails } from '../../scoring/types';
import type { Database, Queryable } from '../client';
import { snakeCase, snakeKeys } from '../snake-case';
import { conversationScores } from '../schema';

export interface ScoreTarget {
  conversationId: string;
  workspaceId: string;
  revision: number;
}

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
    messageSeqs: score.sentiment.messages.map((m) => m.seq),
    messageSentiments: score.sentiment.messages.map((m) => m.sentiment),
    messageSentimentLabels: score.sentiment.messages.map((m) => m.label),
    messageLanguages: score.sentiment.messages.map((m) => m.language),
  };
}

export interface ScoredConversation {
  target: ScoreTarget;
  score: ConversationScore;
  derived: WorkspaceDerived;
}

// Every column but scored_at, which the upsert sets.
const COLUMNS = Object.keys(getTableColumns(conversationScores))
  .filter((key) => key !== 'scoredAt')
  .map(snakeCase);
const COLUMN_LIST = COLUMNS.join(', ');
const UPDATES = COLUMNS.filter((c) => c !== 'conversation_id' && c !== 'scorer_version')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');
const UPSERT = `
  insert into conversation_scores (${COLUMN_LIST}, scored_at)
  select ${COLUMN_LIST}, now() from json_populate_recordset(null::conversation_scores, $1::json)
  on conflict (conversation_id, scorer_version) do update set ${UPDATES}, scored_at = now()`;

/**
 * Writes the scores of many conversations in one statement, each keyed by (conversation, scorer
 * version): a retry or a duplicate job leaves exactly the same rows. The rows travel as one JSON
 * parameter that Postgres unpacks into the table's own types: on a backfill, building a
 * 50-column multi-row INSERT through drizzle cost more CPU than the scoring.
 */
export async function saveScores(sql: Queryable, scored: ScoredConversation[]): Promise<void> {
  if (scored.length === 0) return;
  const rows = scored.map(({ target, score, derived }) => snakeKeys(conversationRow(target, score, derived)));
  await sql.unsafe(UPSERT, [JSON.stringify(rows)]);
}

export type ConversationScoreRow = typeof conversationScores.$inferSelect;
/** The most recently written scores of a conversation (whatever scorer version wrote them last). */
export async function findLatestScores(db: Database, workspaceId: string, conversationId: string): Promise<ConversationScoreRow | null> {
  const [latest] = await db
    .select()
    .from(conversationScores)
    .where(and(eq(conversationScores.conversationId, conversationId), eq(conversationScores.workspaceId, workspaceId)))
    .orderBy(desc(conversationScores.scoredAt))
    .limit(1);
  return latest ?? null;
}

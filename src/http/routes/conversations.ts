import { Hono } from 'hono';
import { z } from 'zod';
import { batchSchema, toFieldIssues, workspaceSlug } from '../../contract/conversation';
import { findConversation, type StoredConversation } from '../../db/queries/conversations';
import { firstContactResolution, type FirstContactResolution } from '../../db/queries/first-contact';
import { findLatestScores, type ConversationScoreRow, type MessageScoreRow } from '../../db/queries/scores';
import { ingestConversations, type IngestOutcome, type ItemResult } from '../../ingest/ingest';
import { ApiError } from '../errors';
import { readJson } from '../json-body';
import { parseQuery, resolveWorkspace } from '../params';
import type { AppDeps, AppEnv } from '../types';

const isBatch = (body: unknown): body is { conversations: unknown } =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && Object.hasOwn(body, 'conversations');

function rejectedErrors(outcome: IngestOutcome) {
  return outcome.results.flatMap((r) => (r.status === 'rejected' ? r.errors : []));
}

function withLocation(result: ItemResult) {
  return result.status === 'rejected' ? result : { ...result, location: `/v1/conversations/${result.id}` };
}

function conversationView(
  stored: StoredConversation,
  scores: { conversation: ConversationScoreRow; messages: MessageScoreRow[] } | null,
  fcr: FirstContactResolution,
) {
  const { conversation: c } = stored;
  const bySeq = new Map(scores?.messages.map((m) => [m.seq, m]));
  const s = scores?.conversation;
  return {
    id: c.id,
    workspace: stored.workspace,
    externalId: c.externalId,
    source: c.source,
    channel: c.channel,
    language: c.language,
    customerId: c.customerId,
    startedAt: c.startedAt,
    endedAt: c.endedAt,
    revision: c.revision,
    receivedAt: c.receivedAt,
    updatedAt: c.updatedAt,
    attributes: c.attributes,
    events: c.events,
    messages: stored.messages.map((m) => {
      const score = bySeq.get(m.seq);
      return {
        seq: m.seq,
        id: m.externalId,
        role: m.role,
        authorId: m.authorId,
        authorName: m.authorName,
        text: m.text,
        sentAt: m.sentAt,
        sentiment: score ? { score: score.sentiment, label: score.sentimentLabel, language: score.language } : null,
      };
    }),
    // "pending" until a score for the current revision exists; older scores stay visible meanwhile.
    scoring: { status: s && s.revision === c.revision ? 'scored' : 'pending', scorerVersion: s?.scorerVersion ?? null },
    scores: s
      ? {
          revision: s.revision,
          scoredAt: s.scoredAt,
          language: s.language,
          sentiment: {
            customer: s.customerSentiment === null ? null : {
              mean: s.customerSentiment,
              start: s.customerSentimentStart,
              end: s.customerSentimentEnd,
              min: s.customerSentimentMin,
              trend: s.sentimentTrend,
            },
            agent: s.agentSentiment,
            bot: s.botSentiment,
          },
          intent:
            s.intent === null ? null : { taxonomy: s.intentTaxonomy, intent: s.intent, confidence: s.intentConfidence, evidence: s.details.intentEvidence },
          botBreakdowns: s.details.breakdownEvidence ?? null,
          resolution: { outcome: s.resolution, confidence: s.resolutionConfidence, evidence: s.details.resolutionEvidence },
          firstContactResolution: fcr,
          abandonment: { outcome: s.abandonment, evidence: s.details.abandonmentEvidence },
          escalation: {
            handledBy: s.handledBy,
            escalated: s.escalated,
            handoffAt: s.details.handoffAt,
            customerAskedForHuman: s.details.customerAskedForHuman,
            evidence: s.details.escalationEvidence,
          },
          timing: {
            firstResponseSeconds: s.firstResponseSeconds,
            replyTimesSeconds: s.replyTimesSeconds,
            customerWaitSeconds: s.customerWaitSeconds,
            durationSeconds: s.durationSeconds,
          },
          counts: { messages: s.messageCount, customer: s.customerMessages, agent: s.agentMessages, bot: s.botMessages },
          survey: { csat: s.surveyCsat, nps: s.surveyNps },
          satisfaction:
            s.predictedCsat === null
              ? null
              : {
                  predicted: s.predictedCsat,
                  baseline: s.details.satisfactionBaseline,
                  factors: s.details.satisfactionFactors,
                  reactions: s.details.customerReactions ?? [],
                  surveyed: s.surveyCsat,
                  final: s.surveyCsat ?? s.predictedCsat,
                },
          conversion: { converted: s.converted, value: s.conversionValue, currency: s.details.conversionCurrency },
        }
      : null,
  };
}

export function conversationRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const body = await readJson(c);
      if (!isBatch(body)) {
        const outcome = await ingestConversations(deps, [body], () => '');
        const result = outcome.results[0]!;
        if (result.status === 'rejected') {
          throw new ApiError('validation_failed', `${result.errors.length} field(s) failed validation`, result.errors);
        }
        c.header('Location', `/v1/conversations/${result.id}`);
        return c.json({ ...withLocation(result), enqueued: outcome.enqueued }, 202);
      }

      const batch = batchSchema.safeParse(body);
      if (!batch.success) {
        throw new ApiError('validation_failed', 'the batch envelope is invalid', toFieldIssues(batch.error));
      }
      const outcome = await ingestConversations(deps, batch.data.conversations, (i) => `conversations[${i}]`);
      if (outcome.accepted === 0) {
        throw new ApiError('validation_failed', 'every conversation in the batch failed validation', rejectedErrors(outcome));
      }
      return c.json(
        {
          accepted: outcome.accepted,
          rejected: outcome.results.length - outcome.accepted,
          enqueued: outcome.enqueued,
          results: outcome.results.map(withLocation),
        },
        202,
      );
    })
    .get('/:id', async (c) => {
      const { workspace } = parseQuery(z.object({ workspace: workspaceSlug }), c.req.query());
      const workspaceId = await resolveWorkspace(deps.db, workspace);
      const id = c.req.param('id');
      // A malformed id is simply not found: the answer must not differ from another workspace's id.
      const stored = z.uuid().safeParse(id).success ? await findConversation(deps.db, workspaceId, id) : null;
      if (!stored) throw new ApiError('not_found', 'no such conversation');
      const scores = await findLatestScores(deps.db, workspaceId, id);
      const fcr = await firstContactResolution(deps.db, stored.conversation, scores?.conversation.resolvedSingleTouch ?? null, new Date());
      return c.json(conversationView(stored, scores, fcr));
    });
}

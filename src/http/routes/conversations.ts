import { Hono } from 'hono';
import { z } from 'zod';
import { stream } from 'hono/streaming';
import { batchSchema, storableText, toFieldIssues } from '../../contract/conversation';
import { EXPORT_COLUMNS, exportConversations, listConversations } from '../../db/queries/conversation-list';
import { conversationExists, findConversation, type StoredConversation } from '../../db/queries/conversations';
import { eraseConversation } from '../../db/queries/erasure';
import { firstContactResolution, type FirstContactResolution } from '../../db/queries/first-contact';
import { addReview, listReviews } from '../../db/queries/reviews';
import { assignReview } from '../../db/queries/review-queue';
import { findLatestScores, type ConversationScoreRow } from '../../db/queries/scores';
import { findRubric } from '../../db/queries/workspaces';
import { parleyLabels, reviewLabelsSchema } from '../../review/labels';
import { RATING, rubricScore } from '../../review/rubric';
import { createGroupWriter } from '../../ingest/group-writer';
import { ingestConversations, type IngestOutcome, type ItemResult } from '../../ingest/ingest';
import { enabledTypes, redactText } from '../../privacy/redact';
import { ApiError } from '../errors';
import { filterQuery, parseFilter } from '../conversation-filter';
import { csvLine, EXPORT_CONTENT_TYPES, jsonLine } from '../export-format';
import { readJson } from '../json-body';
import { requireScope } from '../middleware/authenticate';
import { pageCursor, parseBody } from '../params';
import type { AppDeps, AppEnv } from '../types';

const isBatch = (body: unknown): body is { conversations: unknown } =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && Object.hasOwn(body, 'conversations');

function rejectedErrors(outcome: IngestOutcome) {
  return outcome.results.flatMap((r) => (r.status === 'rejected' ? r.errors : []));
}

function withLocation(result: ItemResult) {
  return result.status === 'rejected' ? result : { ...result, location: `/v1/conversations/${result.id}` };
}

const LIST_LIMIT = { default: 50, max: 200 };

export const listQuery = filterQuery.extend({
  limit: z.coerce.number().int().min(1).max(LIST_LIMIT.max).default(LIST_LIMIT.default),
  cursor: z.string().max(200).optional(),
});

export const exportQuery = filterQuery.extend({ format: z.enum(['csv', 'jsonl']).default('csv') });

const EXPORT_PAGE = 1_000;

export const reviewSchema = z
  .strictObject({
    // Category key -> rating 1–5, for the categories of the workspace's rubric the reviewer rated.
    rubric: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a rubric category key'), RATING).optional(),
    // The reviewer's value of each of Parley's labels they checked: the same value confirms it.
    labels: reviewLabelsSchema.optional(),
    comment: storableText(2_000).optional(),
  })
  .refine((r) => r.rubric !== undefined || r.labels !== undefined || r.comment !== undefined, 'give rubric ratings, labels, a comment or any of them');

// Who reviews it (a name or email of the QA team), or null to put it back in the queue.
export const assignmentSchema = z.strictObject({ assignee: storableText(256).trim().min(1).nullable() });

/** A malformed id is simply not found: the answer must not differ from another workspace's id. */
const isUuid = (id: string) => z.uuid().safeParse(id).success;

async function requireConversation(deps: AppDeps, workspaceId: string, id: string): Promise<void> {
  if (!isUuid(id) || !(await conversationExists(deps.database.db, workspaceId, id))) throw new ApiError('not_found', 'no such conversation');
}

function conversationView(
  stored: StoredConversation,
  s: ConversationScoreRow | null,
  fcr: FirstContactResolution,
) {
  const { conversation: c } = stored;
  const bySeq = new Map(s?.messageSeqs.map((seq, i) => [seq, i]));
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
    messages: stored.messages.map((m, seq) => {
      const i = bySeq.get(seq);
      return {
        seq,
        id: m.id ?? null,
        role: m.role,
        authorId: m.authorId ?? null,
        authorName: m.authorName ?? null,
        text: m.text,
        sentAt: m.sentAt,
        sentiment:
          s && i !== undefined
            ? { score: s.messageSentiments[i]!, label: s.messageSentimentLabels[i]!, language: s.messageLanguages[i]! }
            : null,
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
          // Null when scored before flags existed.
          flags: s.flags,
        }
      : null,
  };
}

/**
 * For a batch, one line per conversation stored: ids and outcome, never content, so an operator can
 * follow each to its job. A single post says the same on its request line.
 */
function logStored(deps: AppDeps, requestId: string, workspaceId: string, outcome: IngestOutcome): void {
  for (const result of outcome.results) {
    if (result.status === 'rejected') continue;
    deps.logger.info(
      { requestId, workspaceId, conversationId: result.id, revision: result.revision, status: result.status, enqueued: outcome.enqueued },
      'conversation stored',
    );
  }
}

export function conversationRoutes(deps: AppDeps) {
  const writer = createGroupWriter(deps.database, deps.queue);
  return new Hono<AppEnv>()
    .post('/', requireScope('ingest'), async (c) => {
      const { workspace } = c.get('caller');
      const body = await readJson(c);
      if (!isBatch(body)) {
        const outcome = await ingestConversations({ writer }, workspace, [body], () => '');
        const result = outcome.results[0]!;
        if (result.status === 'rejected') {
          throw new ApiError('validation_failed', `${result.errors.length} field(s) failed validation`, result.errors);
        }
        c.set('conversationId', result.id);
        c.header('Location', `/v1/conversations/${result.id}`);
        return c.json({ ...withLocation(result), enqueued: outcome.enqueued }, 202);
      }

      const batch = batchSchema.safeParse(body);
      if (!batch.success) {
        throw new ApiError('validation_failed', 'the batch envelope is invalid', toFieldIssues(batch.error));
      }
      const outcome = await ingestConversations({ writer }, workspace, batch.data.conversations, (i) => `conversations[${i}]`);
      logStored(deps, c.get('requestId'), workspace.id, outcome);
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
    .get('/', requireScope('read'), async (c) => {
      const { q, filter } = parseFilter(listQuery, c.req.query(), c.get('caller').workspace);
      const after = q.cursor === undefined ? undefined : pageCursor.decode(q.cursor);
      const items = await listConversations(deps.database.db, filter, { limit: q.limit + 1, after });
      const page = items.slice(0, q.limit);
      const last = page[page.length - 1];
      return c.json({ conversations: page, nextCursor: items.length > q.limit && last ? pageCursor.encode(last) : null });
    })
    // Registered before /:id, which would otherwise take "export" for an id.
    .get('/export', requireScope('read'), async (c) => {
      const { q, filter } = parseFilter(exportQuery, c.req.query(), c.get('caller').workspace);
      // The first page is read before any byte is sent, so a database outage is still a clean 503.
      let page = await exportConversations(deps.database.db, filter, { limit: EXPORT_PAGE });
      c.header('content-type', EXPORT_CONTENT_TYPES[q.format]);
      c.header('content-disposition', `attachment; filename="conversations.${q.format}"`);
      return stream(
        c,
        async (out) => {
          if (q.format === 'csv') await out.write(csvLine(EXPORT_COLUMNS));
          while (page.length > 0) {
            for (const row of page) await out.write(q.format === 'csv' ? csvLine(EXPORT_COLUMNS.map((k) => row[k])) : jsonLine(row));
            if (page.length < EXPORT_PAGE) break;
            const last = page[page.length - 1]!;
            page = await exportConversations(deps.database.db, filter, { limit: EXPORT_PAGE, after: { startedAt: last.started_at as Date, id: last.id as string } });
          }
        },
        // The status is already sent: the stream ends early, and the log (never the console, which
        // would print the query's parameters) says why.
        async (error) => deps.logger.error({ err: error, requestId: c.get('requestId') }, 'export stopped early'),
      );
    })
    .get('/:id', requireScope('read'), async (c) => {
      const workspaceId = c.get('caller').workspace.id;
      const id = c.req.param('id');
      const stored = isUuid(id) ? await findConversation(deps.database.db, workspaceId, id) : null;
      if (!stored) throw new ApiError('not_found', 'no such conversation');
      const scores = await findLatestScores(deps.database.db, workspaceId, id);
      const fcr = await firstContactResolution(deps.database.db, stored.conversation, scores?.resolvedSingleTouch ?? null, new Date());
      return c.json(conversationView(stored, scores, fcr));
    })
    .delete('/:id', requireScope('admin'), async (c) => {
      const { workspace, keyId } = c.get('caller');
      const id = c.req.param('id');
      const erasure = isUuid(id) ? await eraseConversation(deps.database.db, workspace.id, keyId, id) : null;
      if (!erasure || erasure.erased.length === 0) throw new ApiError('not_found', 'no such conversation');
      return c.json({ erased: erasure.erased, auditId: erasure.auditId });
    })
    .get('/:id/reviews', requireScope('read'), async (c) => {
      const workspaceId = c.get('caller').workspace.id;
      const id = c.req.param('id');
      await requireConversation(deps, workspaceId, id);
      return c.json({ reviews: await listReviews(deps.database.db, workspaceId, id) });
    })
    .post('/:id/reviews', requireScope('review'), async (c) => {
      const { workspace, keyId } = c.get('caller');
      const id = c.req.param('id');
      await requireConversation(deps, workspace.id, id);
      const review = parseBody(reviewSchema, await readJson(c));
      const rubric = await findRubric(deps.database.db, workspace.id);
      const ratings = review.rubric ?? {};
      const unknown = Object.keys(ratings).find((key) => !rubric.categories.some((category) => category.key === key));
      if (unknown) throw ApiError.field('validation_failed', `rubric.${unknown}`, "is not a category of the workspace's rubric");
      const scores = await findLatestScores(deps.database.db, workspace.id, id);
      const { score, criticalFailed } = rubricScore(rubric, ratings);
      const row = await addReview(deps.database.db, {
        workspaceId: workspace.id,
        conversationId: id,
        reviewer: keyId,
        rubric: ratings,
        rubricScore: score,
        criticalFailed,
        labels: review.labels ?? {},
        parleyLabels: scores ? parleyLabels(scores) : {},
        // A reviewer's comment may quote the customer: it is redacted like the conversation was.
        comment: review.comment === undefined ? null : redactText(review.comment, enabledTypes(workspace.redaction)),
      });
      return c.json(row, 201);
    })
    .put('/:id/assignment', requireScope('review'), async (c) => {
      const { workspace } = c.get('caller');
      const id = c.req.param('id');
      await requireConversation(deps, workspace.id, id);
      const { assignee } = parseBody(assignmentSchema, await readJson(c));
      await assignReview(deps.database.db, workspace.id, id, assignee);
      return c.json({ status: assignee ? 'in_review' : 'new', assignee });
    });
}

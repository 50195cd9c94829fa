import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { DbHandle } from '../../src/db/client';
import { isDatabaseUnavailable } from '../../src/db/errors';
import { saveScores, type ScoredConversation } from '../../src/db/queries/scores';
import { loadForScoring } from '../../src/db/queries/scoring-input';
import { recordScoringFailures, type ScoringFailure } from '../../src/db/queries/scoring-failures';
import { findScoringSettings } from '../../src/db/queries/workspaces';
import { rootCauseMessage, safeMessage } from '../../src/lib/log-safe-error';
import type { Logger } from '../../src/lib/logger';
import type { JobLane, WorkerMetrics } from '../../src/metrics/scoring';
import { scoreBatchJobSchema, scoreJobSchema } from '../../src/queue/jobs';
import { SCORE_BATCH_JOB } from '../../src/queue/score.config';
import type { Models } from '../../src/scoring/models';
import { scorerVersion } from '../../src/scoring/version';
import type { IntentModelFor } from '../intent-models';
import { scoreStored, type ScoreOutcome } from './score-stored';

export interface ScoreProcessorDeps {
  database: DbHandle;
  models: Models;
  intentModelFor: IntentModelFor;
  logger: Logger;
  /** Holds all workers of the queue back for `ms` (see DATABASE_BACKOFF_MS). */
  holdWorkers(ms: number): Promise<void>;
  metrics: WorkerMetrics;
}

// While Postgres is away every job would fail the same way: jobs go back to waiting without using
// an attempt, and no worker takes another for this long, so an outage of any length loses nothing.
const DATABASE_BACKOFF_MS = 5_000;

/**
 * A failed job's reason is what an operator reads first, and BullMQ keeps it in Redis: say plainly
 * when Postgres was unreachable, and never carry a query's parameters there.
 */
function explainError(error: unknown): never {
  if (isDatabaseUnavailable(error)) throw new Error(`database unavailable: ${rootCauseMessage(error)}`);
  throw new Error(`${safeMessage(error)}: ${rootCauseMessage(error)}`);
}

export type ScoreJobResult =
  | { outcome: 'scored'; scorerVersion: string; revision: number }
  | { outcome: 'skipped'; reason: 'conversation_not_found' }
  | { outcome: 'batch'; scored: number; missing: number };

/**
 * Load, score (pure), store, for a batch of one workspace's conversations (live, backfill or
 * re-scoring) or a single conversation (the jobs earlier versions of the API queued). Everything it
 * writes is keyed so that running it twice changes nothing.
 */
export function createScoreProcessor({ database, models, intentModelFor, logger, holdWorkers, metrics }: ScoreProcessorDeps) {
  const { db, sql } = database;
  const version = scorerVersion(models);
  async function scoreMany(workspaceId: string, ids: string[]) {
    const stored = await loadForScoring(sql, workspaceId, ids);
    if (stored.length === 0) return { scored: [] as ScoredConversation[], invalid: [] as ScoringFailure[], missing: ids.length };
    const intent = await intentModelFor(workspaceId);
    const settings = await findScoringSettings(db, workspaceId);
    const scoringModels = { ...models, intent };
    const scored: ScoredConversation[] = [];
    const invalid: ScoringFailure[] = [];
    for (const conversation of stored) {
      // A conversation the scorer throws on (a bug) must not keep its batch's others unscored.
      let outcome: ScoreOutcome;
      try {
        outcome = scoreStored(conversation, scoringModels, settings, metrics.stage);
      } catch (error) {
        outcome = { ok: false, reason: `scoring failed: ${safeMessage(error)}` };
      }
      if (outcome.ok) scored.push(outcome.scored);
      else invalid.push({ conversationId: conversation.id, workspaceId, revision: conversation.revision, reason: outcome.reason });
    }
    await saveScores(sql, scored);
    // So that the reconciler's next sweep does not queue them again to fail the same way.
    await recordScoringFailures(sql, version, invalid);
    metrics.scored(scored.length);
    return { scored, invalid, missing: ids.length - stored.length };
  }

  async function scoreJob(job: Job<unknown>): Promise<ScoreJobResult> {
    const started = performance.now();
    if (job.name === SCORE_BATCH_JOB) {
      const payload = scoreBatchJobSchema.safeParse(job.data);
      if (!payload.success) throw new UnrecoverableError(`invalid score batch payload: ${payload.error.message}`);
      const { workspaceId, conversations } = payload.data;
      const log = logger.child({ jobId: job.id, attempt: job.attemptsMade + 1, workspaceId });
      // A batch scores whatever revision each conversation has now: a newer one supersedes the job's.
      const result = await scoreMany(
        workspaceId,
        conversations.map((c) => c.id),
      );
      for (const { conversationId, reason } of result.invalid) log.error({ conversationId }, reason);
      // One line a conversation, so a conversation's way through the pipeline can be followed by its id.
      if (log.isLevelEnabled('debug')) for (const { target } of result.scored) log.debug({ conversationId: target.conversationId, revision: target.revision }, 'scored');
      log.debug({ durationMs: Math.round(performance.now() - started), scored: result.scored.length, missing: result.missing }, 'batch scored');
      // The others are stored; the job then fails, without retries (the same input fails the same
      // way), so what could not be scored is in the failed set with the reason, to be retried there.
      if (result.invalid.length > 0) {
        const [first] = result.invalid;
        throw new UnrecoverableError(
          `${result.invalid.length} of ${conversations.length} conversations not scored (${result.scored.length} scored); ${first!.conversationId}: ${first!.reason}`,
        );
      }
      return { outcome: 'batch', scored: result.scored.length, missing: result.missing };
    }

    const payload = scoreJobSchema.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`invalid score job payload: ${payload.error.message}`);
    const { workspaceId, conversationId } = payload.data;
    const log = logger.child({ jobId: job.id, attempt: job.attemptsMade + 1, workspaceId, conversationId });
    const result = await scoreMany(workspaceId, [conversationId]);
    if (result.missing > 0) {
      // Erased after it was enqueued: nothing to score, and nothing to retry.
      log.info('conversation no longer exists; skipping');
      return { outcome: 'skipped', reason: 'conversation_not_found' };
    }
    if (result.invalid.length > 0) throw new UnrecoverableError(result.invalid[0]!.reason);
    const { score, target } = result.scored[0]!;
    log.debug({ durationMs: Math.round(performance.now() - started), revision: target.revision }, 'scored');
    return { outcome: 'scored', scorerVersion: score.scorerVersion, revision: target.revision };
  }

  return async function scoreConversationJob(job: Job<unknown>): Promise<ScoreJobResult> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const lane: JobLane = (job.opts?.priority ?? 0) > 0 ? 'background' : 'live';
    try {
      const result = await scoreJob(job);
      metrics.job(job.name, lane, 'completed', seconds());
      return result;
    } catch (error) {
      if (error instanceof UnrecoverableError) {
        metrics.job(job.name, lane, 'failed', seconds());
        throw error;
      }
      if (isDatabaseUnavailable(error)) {
        logger.warn({ jobId: job.id, err: error, holdMs: DATABASE_BACKOFF_MS }, 'database unavailable; job back to waiting');
        const held = await holdWorkers(DATABASE_BACKOFF_MS).then(() => true, () => false);
        // Without Redis either, the hold cannot be set: the job then uses an attempt like any failure.
        if (held) {
          metrics.job(job.name, lane, 'held');
          throw Worker.RateLimitError();
        }
      }
      metrics.job(job.name, lane, 'failed', seconds());
      explainError(error);
    }
  };
}

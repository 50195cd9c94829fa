import { UnrecoverableError, type Job } from 'bullmq';
import { conversationSchema } from '../../src/contract/conversation';
import type { Database } from '../../src/db/client';
import { isDatabaseUnavailable } from '../../src/db/errors';
import { findConversation, toContractInput } from '../../src/db/queries/conversations';
import { saveScores } from '../../src/db/queries/scores';
import { findScoringSettings } from '../../src/db/queries/workspaces';
import { businessTiming } from '../../src/kpis/business-hours';
import { rootCauseMessage, safeMessage } from '../../src/lib/log-safe-error';
import type { Logger } from '../../src/lib/logger';
import { scoreJobSchema } from '../../src/queue/jobs';
import { scoreConversation } from '../../src/scoring';
import { raiseFlags } from '../../src/scoring/flags';
import type { Models } from '../../src/scoring/models';
import type { IntentModelFor } from '../intent-models';

export interface ScoreProcessorDeps {
  db: Database;
  models: Models;
  intentModelFor: IntentModelFor;
  logger: Logger;
}

/**
 * A failed job's reason is what an operator reads first, and BullMQ keeps it in Redis: say plainly
 * when Postgres was unreachable, and never carry a query's parameters there.
 */
function explainDatabaseError(error: unknown): never {
  if (isDatabaseUnavailable(error)) throw new Error(`database unavailable: ${rootCauseMessage(error)}`);
  throw new Error(`${safeMessage(error)}: ${rootCauseMessage(error)}`);
}

export type ScoreJobResult =
  | { outcome: 'scored'; scorerVersion: string; revision: number }
  | { outcome: 'skipped'; reason: 'conversation_not_found' };

/** Load, score (pure), store. Everything it writes is keyed so that running it twice changes nothing. */
export function createScoreProcessor({ db, models, intentModelFor, logger }: ScoreProcessorDeps) {
  return async function scoreConversationJob(job: Job<unknown>): Promise<ScoreJobResult> {
    const started = performance.now();
    const payload = scoreJobSchema.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`invalid score job payload: ${payload.error.message}`);
    const { workspaceId, conversationId } = payload.data;
    const log = logger.child({ jobId: job.id, attempt: job.attemptsMade + 1, workspaceId, conversationId });

    const stored = await findConversation(db, workspaceId, conversationId).catch(explainDatabaseError);
    if (!stored) {
      // Erased after it was enqueued: nothing to score, and nothing to retry.
      log.info('conversation no longer exists; skipping');
      return { outcome: 'skipped', reason: 'conversation_not_found' };
    }
    const conversation = conversationSchema.safeParse(toContractInput(stored));
    if (!conversation.success) {
      throw new UnrecoverableError(`stored conversation violates the contract: ${conversation.error.message}`);
    }

    const intent = await intentModelFor(workspaceId).catch(explainDatabaseError);
    const settings = await findScoringSettings(db, workspaceId).catch(explainDatabaseError);
    const scoringModels = { ...models, intent };
    const score = scoreConversation(conversation.data, scoringModels);
    const derived = {
      business: settings.businessHours ? businessTiming(score.timing.waits, settings.businessHours) : null,
      flags: raiseFlags(conversation.data, score, settings.flagThresholds, scoringModels),
    };
    const revision = stored.conversation.revision;
    await saveScores(db, { conversationId, workspaceId, revision }, score, derived).catch(explainDatabaseError);
    log.debug({ durationMs: Math.round(performance.now() - started), revision }, 'scored');
    return { outcome: 'scored', scorerVersion: score.scorerVersion, revision };
  };
}

import type { DbHandle } from '../../src/db/client';
import { Registry } from 'prom-client';
import { createLogger } from '../../src/lib/logger';
import type { Models } from '../../src/scoring/models';
import { batchJobsByWorkspace } from '../../src/queue/jobs';
import { SCORE_BATCH_JOB } from '../../src/queue/score.config';
import { workerMetrics } from '../../src/metrics/scoring';
import { createIntentModelSource } from '../../workers/intent-models';
import { createScoreProcessor } from '../../workers/processors/score-conversation';
import { testModels } from './fixtures';

/**
 * The worker's real processor over `database`, with no intent-model caching so tests see changes at
 * once. `holdWorkers` is what the worker does to its queue while Postgres is away; `registry`
 * takes its metrics; `models` stands in for the test models.
 */
export function testProcessor(
  database: DbHandle,
  { holdWorkers = async () => {}, registry = new Registry(), models = testModels() }: { holdWorkers?: (ms: number) => Promise<void>; registry?: Registry; models?: Models } = {},
) {
  return createScoreProcessor({
    database,
    models,
    intentModelFor: createIntentModelSource(database.db, testModels().intent, 0),
    logger: createLogger('silent'),
    holdWorkers,
    metrics: workerMetrics(registry),
  });
}

/** Scores a stored conversation now, as a worker's live job would, without going through the queue. */
export const scoreStored = (database: DbHandle, conversationId: string): Promise<void> => scoreAllStored(database, [conversationId]);

/**
 * Scores stored conversations now, as a worker's batches would: many tests' fixtures in a few
 * round trips rather than several each.
 */
export async function scoreAllStored(database: DbHandle, conversationIds: readonly string[]): Promise<void> {
  const rows = await database.sql<{ workspace_id: string; id: string; revision: number }[]>`
    select workspace_id, id, revision from conversations where id = any(${conversationIds as string[]}::uuid[])`;
  const processor = testProcessor(database);
  for (const data of batchJobsByWorkspace(rows.map((r) => ({ workspaceId: r.workspace_id, id: r.id, revision: r.revision })))) {
    const result = await processor({ id: 'test', name: SCORE_BATCH_JOB, attemptsMade: 0, data } as never);
    if (result.outcome !== 'batch' || result.scored !== data.conversations.length) throw new Error(`scored ${JSON.stringify(result)} of ${data.conversations.length}`);
  }
}

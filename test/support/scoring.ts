import { sql } from 'drizzle-orm';
import type { DbHandle } from '../../src/db/client';
import { Registry } from 'prom-client';
import { createLogger } from '../../src/lib/logger';
import { workerMetrics } from '../../src/metrics/scoring';
import { createIntentModelSource } from '../../workers/intent-models';
import { createScoreProcessor } from '../../workers/processors/score-conversation';
import { testModels } from './fixtures';

/**
 * The worker's real processor over `database`, with no intent-model caching so tests see changes at
 * once. `holdWorkers` is what the worker does to its queue while Postgres is away.
 */
export function testProcessor(database: DbHandle, holdWorkers: (ms: number) => Promise<void> = async () => {}) {
  return createScoreProcessor({
    database,
    models: testModels(),
    intentModelFor: createIntentModelSource(database.db, testModels().intent, 0),
    logger: createLogger('silent'),
    holdWorkers,
    metrics: workerMetrics(new Registry()),
  });
}

/** Scores a stored conversation now, as a worker would, without going through the queue. */
export async function scoreStored(database: DbHandle, conversationId: string): Promise<void> {
  const [row] = await database.db.execute<{ workspace_id: string; revision: number }>(
    sql`select workspace_id, revision from conversations where id = ${conversationId}`,
  );
  const job = { id: 'test', attemptsMade: 0, data: { workspaceId: row!.workspace_id, conversationId, revision: row!.revision } };
  await testProcessor(database)(job as never);
}

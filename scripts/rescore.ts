/**
 * npm run rescore -- [--since D] [--until D] [--workspace W] [--prune]
 *   Queues every stored conversation (that started in [since, until), of one workspace or all; a
 *   bare date is midnight in the workspace's reporting time zone, UTC without --workspace)
 *   without a score of the current scorer version for its current revision, in the background
 *   lane, behind live traffic. Run again, it queues only what is still missing. --prune then
 *   deletes the older versions' rows of conversations that have the current one, and the records of
 *   failures to score that no sweep reads any more.
 */
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../src/config/env';
import { createDb } from '../src/db/client';
import { runMigrations } from '../src/db/migrate';
import { forgetOtherSweeps } from '../src/db/queries/reconciler-state';
import { nextStale, pruneOldFailures, pruneOldScores, type RescoreScope } from '../src/db/queries/rescore';
import { findWorkspaceBySlug } from '../src/db/queries/workspaces';
import { dateOrInstant, instant } from '../src/http/params';
import { openBackgroundLane } from '../src/queue/background-lane';
import { workerConnection } from '../src/queue/connection';
import { batchJobsByWorkspace } from '../src/queue/jobs';
import { loadModels } from '../src/scoring/models';
import { scorerVersion } from '../src/scoring/version';
import { printFailure } from './lib/cli-failure';

const USAGE = 'usage: npm run rescore -- [--since YYYY-MM-DD|ISO] [--until YYYY-MM-DD|ISO] [--workspace W] [--prune]';
const PAGE = 5_000;

class UsageError extends Error {}

/** As the API reads `from` and `to`: a bare date is local midnight in the workspace's reporting time zone. */
function parseDate(name: string, text: string | undefined, timeZone: string): Date | null {
  if (text === undefined) return null;
  if (!dateOrInstant.safeParse(text).success) throw new UsageError(`--${name} takes a date (2025-01-31) or an ISO 8601 date-time with a time zone`);
  return instant(text, timeZone);
}

const config = loadConfigOrExit();
const database = createDb(config.DATABASE_URL, { max: 2, applicationName: 'parley-rescore' });
const connection = workerConnection(config.REDIS_URL);
const lane = openBackgroundLane(connection, config.QUEUE_PREFIX);

try {
  const { values } = parseArgs({
    options: { since: { type: 'string' }, until: { type: 'string' }, workspace: { type: 'string' }, prune: { type: 'boolean' } },
  });
  await runMigrations(config.DATABASE_URL);
  const workspace = values.workspace === undefined ? null : await findWorkspaceBySlug(database.db, values.workspace);
  if (values.workspace !== undefined && workspace === null) throw new UsageError(`no workspace ${values.workspace}`);
  // Without a workspace, dates are UTC midnights.
  const timeZone = workspace?.timeZone ?? 'UTC';
  const scope: RescoreScope = {
    workspaceId: workspace?.id ?? null,
    since: parseDate('since', values.since, timeZone),
    until: parseDate('until', values.until, timeZone),
  };
  // The version the workers write: this checkout's code and models (deploy the workers first).
  const version = scorerVersion(loadModels());

  let queued = 0;
  let after: string | null = null;
  do {
    const step = await nextStale(database.sql, scope, version, after, PAGE);
    after = step.next;
    if (step.stale.length === 0) continue;
    await lane.add(batchJobsByWorkspace(step.stale));
    queued += step.stale.length;
    process.stderr.write(`queued ${queued.toLocaleString('en')} conversation(s) for scorer ${version}\n`);
  } while (after !== null);
  console.log(`${queued.toLocaleString('en')} conversation(s) queued for re-scoring with ${version}`);
  if (values.prune) {
    const deleted = await pruneOldScores(database.sql, scope, version);
    console.log(`${deleted.toLocaleString('en')} score row(s) of older versions deleted (conversations not yet re-scored keep theirs)`);
    const failures = await pruneOldFailures(database.sql, scope, version);
    console.log(`${failures.toLocaleString('en')} record(s) of failures to score deleted (of older versions, or of revisions since changed)`);
    const forgotten = await forgetOtherSweeps(database.sql, version);
    if (forgotten.length > 0) console.log(`the reconciler's sweeps of ${forgotten.join(', ')} forgotten: rolled back to, a version sweeps again`);
  }
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) console.error(`${(error as Error).message}\n${USAGE}`);
  else printFailure(error);
  process.exitCode = error instanceof UsageError ? 64 : 1;
} finally {
  await lane.close();
  await connection.quit().catch(() => connection.disconnect());
  await database.close();
}

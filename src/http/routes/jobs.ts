import { Hono } from 'hono';
import { z } from 'zod';
import { recordAudit } from '../../db/queries/audit';
import { failedJobsOf, retryFailedJob, retryFailedJobsOf } from '../../queue/failed-jobs';
import { ApiError } from '../errors';
import { requireScope } from '../middleware/authenticate';
import { parseQuery } from '../params';
import type { AppDeps, AppEnv } from '../types';

export const failedJobsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

// BullMQ job ids as Parley makes them: "score-<uuid>-r<n>" and "batch-<uuid>-<hex>".
const JOB_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The workspace's scoring jobs that ran out of attempts (admin scope): what failed and why, and a
 * retry. Only the workspace's own jobs are listed or retried; the queue dashboard shows them all.
 */
export function jobRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireScope('admin'))
    .get('/failed', async (c) => {
      const { limit } = parseQuery(failedJobsQuery, c.req.query());
      return c.json(await failedJobsOf(deps.queue.bull, c.get('caller').workspace.id, limit));
    })
    .post('/failed/retry', async (c) => {
      const caller = c.get('caller');
      const retried = await retryFailedJobsOf(deps.queue.bull, caller.workspace.id, 1_000);
      if (retried.length > 0) await recordAudit(deps.database.db, { workspaceId: caller.workspace.id, actor: caller.keyId, action: 'jobs.retried', details: { jobIds: retried } });
      return c.json({ retried: retried.length, jobIds: retried });
    })
    .post('/:id/retry', async (c) => {
      const caller = c.get('caller');
      const id = c.req.param('id');
      const outcome = JOB_ID.test(id) ? await retryFailedJob(deps.queue.bull, caller.workspace.id, id) : 'not_found';
      if (outcome === 'not_found') throw new ApiError('not_found', 'no such job in this workspace');
      if (outcome === 'not_failed') throw new ApiError('conflict', 'the job has not failed: only failed jobs are retried');
      await recordAudit(deps.database.db, { workspaceId: caller.workspace.id, actor: caller.keyId, action: 'jobs.retried', details: { jobIds: [id] } });
      return c.json({ id, state: 'waiting' }, 202);
    });
}

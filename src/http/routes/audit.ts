import { Hono } from 'hono';
import { z } from 'zod';
import { listAudit } from '../../db/queries/audit';
import { requireScope } from '../middleware/authenticate';
import { parseQuery } from '../params';
import type { AppDeps, AppEnv } from '../types';

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.iso.datetime({ offset: true }).optional(),
});

/** The workspace's audit log, newest first (admin scope). */
export function auditRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', requireScope('admin'), async (c) => {
    const q = parseQuery(auditQuery, c.req.query());
    const entries = await listAudit(deps.database.db, c.get('caller').workspace.id, q.limit, q.before ? new Date(q.before) : undefined);
    return c.json({ entries });
  });
}

import { Hono } from 'hono';
import { findRubric } from '../../db/queries/workspaces';
import { requireScope } from '../middleware/authenticate';
import type { AppDeps, AppEnv } from '../types';

/** The workspace's QA scorecard, for the reviewers who fill it in (review scope; admins change it). */
export function rubricRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', requireScope('review'), async (c) => c.json(await findRubric(deps.database.db, c.get('caller').workspace.id)));
}

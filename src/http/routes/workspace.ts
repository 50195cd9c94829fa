import { Hono } from 'hono';
import { z } from 'zod';
import { recordAudit } from '../../db/queries/audit';
import { setRedaction } from '../../db/queries/workspaces';
import { redactionSettingsSchema } from '../../privacy/settings';
import { readJson } from '../json-body';
import { requireScope } from '../middleware/authenticate';
import { parseBody } from '../params';
import type { AppDeps, AppEnv } from '../types';

export const workspacePatchSchema = z.strictObject({ redaction: redactionSettingsSchema });

/** The caller's workspace and its settings (admin scope). */
export function workspaceRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireScope('admin'))
    .get('/', (c) => {
      const { workspace } = c.get('caller');
      return c.json({ slug: workspace.slug, redaction: workspace.redaction });
    })
    .patch('/', async (c) => {
      const { workspace, keyId } = c.get('caller');
      const { redaction } = parseBody(workspacePatchSchema, await readJson(c));
      await setRedaction(deps.db, workspace.id, redaction);
      await recordAudit(deps.db, { workspaceId: workspace.id, actor: keyId, action: 'workspace.redaction_changed', details: { redaction } });
      return c.json({ slug: workspace.slug, redaction });
    });
}

import { Hono } from 'hono';
import { z } from 'zod';
import { recordAudit } from '../../db/queries/audit';
import { findBusinessHours, updateSettings } from '../../db/queries/workspaces';
import { businessHoursSchema } from '../../kpis/business-hours';
import { redactionSettingsSchema } from '../../privacy/settings';
import { readJson } from '../json-body';
import { requireScope } from '../middleware/authenticate';
import { parseBody } from '../params';
import type { AppDeps, AppEnv } from '../types';

export const workspacePatchSchema = z
  .strictObject({ redaction: redactionSettingsSchema.optional(), businessHours: businessHoursSchema.nullable().optional() })
  .refine((patch) => patch.redaction !== undefined || patch.businessHours !== undefined, 'set redaction, businessHours or both');

/** The caller's workspace and its settings (admin scope). */
export function workspaceRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireScope('admin'))
    .get('/', async (c) => {
      const { workspace } = c.get('caller');
      return c.json({ slug: workspace.slug, redaction: workspace.redaction, businessHours: await findBusinessHours(deps.db, workspace.id) });
    })
    .patch('/', async (c) => {
      const { workspace, keyId } = c.get('caller');
      const patch = parseBody(workspacePatchSchema, await readJson(c));
      await updateSettings(deps.db, workspace.id, patch);
      await recordAudit(deps.db, { workspaceId: workspace.id, actor: keyId, action: 'workspace.settings_changed', details: patch });
      return c.json({
        slug: workspace.slug,
        redaction: patch.redaction ?? workspace.redaction,
        businessHours: patch.businessHours === undefined ? await findBusinessHours(deps.db, workspace.id) : patch.businessHours,
      });
    });
}

import { Hono } from 'hono';
import { z } from 'zod';
import { recordAudit } from '../../db/queries/audit';
import { findBusinessHours, updateSettings } from '../../db/queries/workspaces';
import { businessHoursSchema } from '../../kpis/business-hours';
import { redactionSettingsSchema } from '../../privacy/settings';
import { storableText } from '../../contract/conversation';
import { isTimeZone } from '../../lib/time-zone';
import { readJson } from '../json-body';
import { requireScope } from '../middleware/authenticate';
import { parseBody } from '../params';
import type { AppDeps, AppEnv } from '../types';

export const workspacePatchSchema = z
  .strictObject({
    redaction: redactionSettingsSchema.optional(),
    businessHours: businessHoursSchema.nullable().optional(),
    // The reporting time zone: the default of every query, and the days the KPI rollups keep.
    timeZone: storableText(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Lisbon').optional(),
  })
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), 'set redaction, businessHours, timeZone or any of them');

/** The caller's workspace and its settings (admin scope). */
export function workspaceRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireScope('admin'))
    .get('/', async (c) => {
      const { workspace } = c.get('caller');
      return c.json({ slug: workspace.slug, timeZone: workspace.timeZone, redaction: workspace.redaction, businessHours: await findBusinessHours(deps.db, workspace.id) });
    })
    .patch('/', async (c) => {
      const { workspace, keyId } = c.get('caller');
      const patch = parseBody(workspacePatchSchema, await readJson(c));
      await updateSettings(deps.db, workspace.id, patch);
      await recordAudit(deps.db, { workspaceId: workspace.id, actor: keyId, action: 'workspace.settings_changed', details: patch });
      return c.json({
        slug: workspace.slug,
        timeZone: patch.timeZone ?? workspace.timeZone,
        redaction: patch.redaction ?? workspace.redaction,
        businessHours: patch.businessHours === undefined ? await findBusinessHours(deps.db, workspace.id) : patch.businessHours,
      });
    });
}

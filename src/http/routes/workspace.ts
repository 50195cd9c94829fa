import { Hono } from 'hono';
import { z } from 'zod';
import { recordAudit } from '../../db/queries/audit';
import { findBusinessHours, isDatabaseTimeZone, updateSettings } from '../../db/queries/workspaces';
import { ApiError } from '../errors';
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
    // The reporting time zone: the default of every query, and the days the KPI rollups keep. Kept
    // in its canonical spelling ("utc" is "UTC").
    timeZone: storableText(64)
      .refine(isTimeZone, 'must be an IANA time zone such as Europe/Lisbon')
      .transform((tz) => new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone)
      .optional(),
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
      // Node's and Postgres's time zone databases can differ by a release: the rollups need both.
      if (patch.timeZone && !(await isDatabaseTimeZone(deps.db, patch.timeZone))) {
        throw ApiError.field('validation_failed', 'timeZone', 'is not a time zone the database knows');
      }
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

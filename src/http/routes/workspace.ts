import { Hono } from 'hono';
import { z } from 'zod';
import { recordAudit } from '../../db/queries/audit';
import type { CallerCache } from '../../auth/caller-cache';
import type { Caller } from '../../db/queries/api-keys';
import { findRubric, findScoringSettings, isDatabaseTimeZone, updateSettings } from '../../db/queries/workspaces';
import { rubricSchema } from '../../review/rubric';
import { ApiError } from '../errors';
import { businessHoursSchema } from '../../kpis/business-hours';
import { flagThresholdOverridesSchema } from '../../scoring/flags/thresholds';
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
    // The QA scorecard reviews rate (null: back to the default); reviews keep the ratings they were given.
    rubric: rubricSchema.nullable().optional(),
    // Any subset of the QA flag thresholds (null: back to the defaults); applies to conversations scored from then on.
    flagThresholds: flagThresholdOverridesSchema.nullable().optional(),
    // The reporting time zone: the default of every query, and the days the KPI rollups keep. Kept
    // in its canonical spelling ("utc" is "UTC").
    timeZone: storableText(64)
      .refine(isTimeZone, 'must be an IANA time zone such as Europe/Lisbon')
      .transform((tz) => new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone)
      .optional(),
  })
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), 'set redaction, businessHours, flagThresholds, rubric, timeZone or any of them');

/** The caller's workspace and its settings (admin scope). */
export function workspaceRoutes(deps: AppDeps, callers: CallerCache) {
  // The settings in force; flag thresholds with the defaults filled in.
  const view = async (workspace: Caller['workspace']) => ({
    slug: workspace.slug,
    timeZone: workspace.timeZone,
    redaction: workspace.redaction,
    ...(await findScoringSettings(deps.database.db, workspace.id)),
    rubric: await findRubric(deps.database.db, workspace.id),
  });
  return new Hono<AppEnv>()
    .use(requireScope('admin'))
    .get('/', async (c) => c.json(await view(c.get('caller').workspace)))
    .patch('/', async (c) => {
      const { workspace, keyId } = c.get('caller');
      const patch = parseBody(workspacePatchSchema, await readJson(c));
      // Node's and Postgres's time zone databases can differ by a release: the rollups need both.
      if (patch.timeZone && !(await isDatabaseTimeZone(deps.database.db, patch.timeZone))) {
        throw ApiError.field('validation_failed', 'timeZone', 'is not a time zone the database knows');
      }
      await updateSettings(deps.database.db, workspace.id, patch);
      callers.forgetWorkspace(workspace.id);
      await recordAudit(deps.database.db, { workspaceId: workspace.id, actor: keyId, action: 'workspace.settings_changed', details: patch });
      return c.json(await view({ ...workspace, timeZone: patch.timeZone ?? workspace.timeZone, redaction: patch.redaction ?? workspace.redaction }));
    });
}

import { Hono } from 'hono';
import { z } from 'zod';
import { KEY_ID, SCOPES } from '../../auth/api-key';
import type { CallerCache } from '../../auth/caller-cache';
import { storableText } from '../../contract/conversation';
import { createApiKey, listApiKeys, revokeApiKey } from '../../db/queries/api-keys';
import { recordAudit } from '../../db/queries/audit';
import { ApiError } from '../errors';
import { readJson } from '../json-body';
import { requireScope } from '../middleware/authenticate';
import { parseBody } from '../params';
import type { AppDeps, AppEnv } from '../types';

export const newKeySchema = z.strictObject({
  name: storableText(100).trim().min(1),
  scopes: z
    .array(z.enum(SCOPES))
    .min(1, 'a key needs at least one scope')
    .refine((scopes) => new Set(scopes).size === scopes.length, 'must not repeat a scope'),
  expiresAt: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .refine((date) => date.getTime() > Date.now(), 'must be in the future')
    .optional(),
  rateLimitPerMinute: z.number().int().min(1).max(100_000).optional(),
});

/** The workspace's API keys (admin scope). The secret appears once, in the answer to POST. */
export function keyRoutes(deps: AppDeps, callers: CallerCache) {
  return new Hono<AppEnv>()
    .use(requireScope('admin'))
    .get('/', async (c) => c.json({ keys: await listApiKeys(deps.database.db, c.get('caller').workspace.id) }))
    .post('/', async (c) => {
      const caller = c.get('caller');
      const input = parseBody(newKeySchema, await readJson(c));
      const { key, token } = await createApiKey(deps.database.db, { workspaceId: caller.workspace.id, ...input });
      await recordAudit(deps.database.db, { workspaceId: caller.workspace.id, actor: caller.keyId, action: 'key.created', details: { keyId: key.id, scopes: key.scopes } });
      return c.json({ ...key, key: token }, 201);
    })
    .delete('/:id', async (c) => {
      const caller = c.get('caller');
      const id = c.req.param('id');
      if (!KEY_ID.test(id) || !(await revokeApiKey(deps.database.db, caller.workspace.id, id))) throw new ApiError('not_found', 'no such active key');
      callers.forgetKey(id);
      await recordAudit(deps.database.db, { workspaceId: caller.workspace.id, actor: caller.keyId, action: 'key.revoked', details: { keyId: id } });
      return c.json({ id, revoked: true });
    });
}

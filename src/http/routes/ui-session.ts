import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { authenticateKey } from '../../db/queries/api-keys';
import { closeSession, openSession } from '../../db/queries/ui-sessions';
import { ApiError } from '../errors';
import { readJson } from '../json-body';
import { parseBody } from '../params';
import type { AppDeps } from '../types';

export const SESSION_COOKIE = 'parley_session';
const SESSION_TTL_MS = 8 * 3_600_000;

export const signInSchema = z.strictObject({ key: z.string().min(1).max(200) });

/**
 * Sign-in for the web UI: a key with the review and read scopes opens an 8-hour session held in an HttpOnly,
 * SameSite=Strict cookie, so the page's scripts never see the key or the token.
 */
export function uiSessionRoutes(deps: AppDeps) {
  return new Hono()
    .post('/', async (c) => {
      const { key } = parseBody(signInSchema, await readJson(c));
      const caller = await authenticateKey(deps.database.db, key);
      if (!caller) throw new ApiError('unauthorized', 'the API key is not valid (unknown, revoked or expired)');
      // The UI shows conversations and KPIs (read) and takes reviews (review): a key needs both.
      if (!caller.scopes.has('review') || !caller.scopes.has('read')) {
        throw new ApiError('forbidden', 'the web UI needs a key with the "review" and "read" scopes');
      }
      const { token } = await openSession(deps.database.db, caller.keyId, SESSION_TTL_MS);
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: new URL(c.req.url).protocol === 'https:',
        path: '/',
        maxAge: SESSION_TTL_MS / 1000,
      });
      return c.json({ workspace: caller.workspace.slug, scopes: [...caller.scopes].sort() });
    })
    .delete('/', async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await closeSession(deps.database.db, token);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    });
}

import type { MiddlewareHandler } from 'hono';
import type { Scope } from '../../auth/api-key';
import type { CallerCache } from '../../auth/caller-cache';
import { getCookie } from 'hono/cookie';
import { authenticateKey, callerOfKey, type Caller } from '../../db/queries/api-keys';
import { sessionKey } from '../../db/queries/ui-sessions';
import { SESSION_COOKIE } from '../routes/ui-session';
import { ApiError } from '../errors';
import type { AppDeps, AppEnv } from '../types';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every /v1 call carries `Authorization: Bearer prl_…`, or comes from the web UI with its session
 * cookie. A missing, malformed, unknown, revoked or expired key (or a session of one) gets the same
 * 401, so the answer tells an attacker nothing about which keys exist.
 */
export function authenticate(deps: Pick<AppDeps, 'database'>, callers: CallerCache): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    const header = c.req.header('authorization');
    const session = header ? undefined : getCookie(c, SESSION_COOKIE);
    if (!header && !session) throw new ApiError('unauthorized', 'send an API key: Authorization: Bearer prl_…');
    let caller: Caller | null = null;
    if (header) {
      const token = BEARER.exec(header)?.[1];
      caller = token ? (callers.get(token) ?? null) : null;
      if (token && !caller) {
        caller = await authenticateKey(deps.database.db, token);
        if (caller) callers.set(token, caller);
      }
    } else {
      const keyId = await sessionKey(deps.database.db, session!);
      caller = keyId ? await callerOfKey(deps.database.db, keyId, () => true) : null;
      // SameSite=Strict keeps the cookie off other sites' requests; the second lock on every request
      // that changes something is a header no form can send: ours, or the browser's own Fetch
      // Metadata (which no page can forge), for pages such as the queue dashboard that are not ours.
      const sameOrigin = c.req.header('x-parley-ui') === '1' || c.req.header('sec-fetch-site') === 'same-origin';
      if (caller && !SAFE_METHODS.has(c.req.method) && !sameOrigin) {
        throw new ApiError('forbidden', 'requests from the web UI that change data must send the header x-parley-ui: 1');
      }
    }
    if (!caller) throw new ApiError('unauthorized', 'the API key is not valid (unknown, revoked or expired)');
    c.set('caller', caller);
    await next();
  };
}

/** 403 unless the caller's key has `scope`. Scopes do not imply each other: admin cannot ingest. */
export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async function requireScopeMiddleware(c, next) {
    if (!c.get('caller').scopes.has(scope)) throw new ApiError('forbidden', `this API key lacks the "${scope}" scope`);
    await next();
  };
}

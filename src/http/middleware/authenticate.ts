import type { MiddlewareHandler } from 'hono';
import type { Scope } from '../../auth/api-key';
import { authenticateKey } from '../../db/queries/api-keys';
import { ApiError } from '../errors';
import type { AppDeps, AppEnv } from '../types';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Every /v1 call carries `Authorization: Bearer prl_…`. A missing, malformed, unknown, revoked or
 * expired key gets the same 401, so the answer tells an attacker nothing about which keys exist.
 */
export function authenticate(deps: Pick<AppDeps, 'db'>): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    const header = c.req.header('authorization');
    if (!header) throw new ApiError('unauthorized', 'send an API key: Authorization: Bearer prl_…');
    const token = BEARER.exec(header)?.[1];
    const caller = token ? await authenticateKey(deps.db, token) : null;
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

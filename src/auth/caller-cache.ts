import { createHash } from 'node:crypto';
import type { Caller } from '../db/queries/api-keys';

// Far above the number of keys one API process sees in a few seconds; past it, start afresh.
const MOST_ENTRIES = 10_000;

export interface CallerCache {
  get(token: string): Caller | undefined;
  set(token: string, caller: Caller): void;
  /** After a revocation in this process. */
  forgetKey(keyId: string): void;
  /** After a change of the workspace's settings in this process (they travel with the caller). */
  forgetWorkspace(workspaceId: string): void;
}

/**
 * Who a bearer token is, remembered for `seconds` (0: not at all), so a busy key is looked up in
 * Postgres once every few seconds instead of on every request. What this process changes (a key
 * revoked, a workspace's settings) is forgotten at once; what another process changes takes effect
 * here within `seconds`. A key's own expiry is never overstayed. Tokens are held as their SHA-256.
 */
export function createCallerCache(seconds: number): CallerCache {
  const entries = new Map<string, { caller: Caller; until: number }>();
  const digest = (token: string) => createHash('sha256').update(token).digest('base64');
  return {
    get(token) {
      if (seconds === 0) return undefined;
      const key = digest(token);
      const entry = entries.get(key);
      if (entry && entry.until > Date.now()) return entry.caller;
      if (entry) entries.delete(key);
      return undefined;
    },
    set(token, caller) {
      if (seconds === 0) return;
      if (entries.size >= MOST_ENTRIES) entries.clear();
      const until = Math.min(Date.now() + seconds * 1000, caller.keyExpiresAt?.getTime() ?? Infinity);
      entries.set(digest(token), { caller, until });
    },
    forgetKey(keyId) {
      for (const [key, entry] of entries) if (entry.caller.keyId === keyId) entries.delete(key);
    },
    forgetWorkspace(workspaceId) {
      for (const [key, entry] of entries) if (entry.caller.workspace.id === workspaceId) entries.delete(key);
    },
  };
}

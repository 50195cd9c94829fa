import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SCOPES = ['ingest', 'read', 'review', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * "prl_<id>_<secret>": the id (12 hex) finds the row, the secret (32 random bytes, base64url) is
 * checked against its stored hash. The fixed prefix lets secret scanners recognise a leaked key.
 */
const KEY_FORMAT = /^prl_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** The public id of a key, as listed and revoked. */
export const KEY_ID = /^[0-9a-f]{12}$/;

export interface NewKey {
  id: string;
  secret: string;
  /** What the user keeps: shown once, never stored. */
  token: string;
}

export function generateKey(): NewKey {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, token: `prl_${id}_${secret}` };
}

export function parseKey(token: string): { id: string; secret: string } | null {
  const m = KEY_FORMAT.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Compares in constant time, so response timing says nothing about how much of a secret matched. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

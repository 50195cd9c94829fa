import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { Database } from '../client';
import { uiSessions } from '../schema';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Opens a browser session for a key; the token goes to the cookie, only its hash to the database. */
export async function openSession(db: Database, keyId: string, ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlMs);
  await db.insert(uiSessions).values({ tokenHash: hash(token), keyId, expiresAt });
  return { token, expiresAt };
}

/** The key a live session was opened with, or null for an unknown or expired token. */
export async function sessionKey(db: Database, token: string): Promise<string | null> {
  const [row] = await db
    .select({ keyId: uiSessions.keyId })
    .from(uiSessions)
    .where(and(eq(uiSessions.tokenHash, hash(token)), gt(uiSessions.expiresAt, new Date())));
  return row?.keyId ?? null;
}

export async function closeSession(db: Database, token: string): Promise<void> {
  await db.delete(uiSessions).where(eq(uiSessions.tokenHash, hash(token)));
}

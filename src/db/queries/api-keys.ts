import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { generateKey, hashSecret, parseKey, secretMatches, type Scope } from '../../auth/api-key';
import { DEFAULT_REDACTION, type RedactionSettings } from '../../privacy/settings';
import type { Database } from '../client';
import { apiKeys, workspaces } from '../schema';

export interface ApiKeyInfo {
  id: string;
  name: string;
  scopes: Scope[];
  rateLimitPerMinute: number | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Who is calling: the key and the workspace it belongs to, with what ingest needs of that workspace. */
export interface Caller {
  keyId: string;
  keyExpiresAt: Date | null;
  scopes: ReadonlySet<Scope>;
  rateLimitPerMinute: number | null;
  /** `redaction` is the workspace's setting, or the default when it never chose. */
  workspace: { id: string; slug: string; redaction: RedactionSettings; pseudonymKey: string; timeZone: string };
}

const keyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  scopes: apiKeys.scopes,
  rateLimitPerMinute: apiKeys.rateLimitPerMinute,
  createdAt: apiKeys.createdAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
  lastUsedAt: apiKeys.lastUsedAt,
};

export async function createApiKey(
  db: Database,
  input: { workspaceId: string; name: string; scopes: Scope[]; expiresAt?: Date | null; rateLimitPerMinute?: number | null },
): Promise<{ key: ApiKeyInfo; token: string }> {
  const { id, secret, token } = generateKey();
  const [row] = await db
    .insert(apiKeys)
    .values({
      id,
      workspaceId: input.workspaceId,
      name: input.name,
      secretHash: hashSecret(secret),
      scopes: input.scopes,
      expiresAt: input.expiresAt ?? null,
      rateLimitPerMinute: input.rateLimitPerMinute ?? null,
    })
    .returning(keyColumns);
  return { key: row as ApiKeyInfo, token };
}

export async function listApiKeys(db: Database, workspaceId: string): Promise<ApiKeyInfo[]> {
  const rows = await db.select(keyColumns).from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId)).orderBy(desc(apiKeys.createdAt), apiKeys.id);
  return rows as ApiKeyInfo[];
}

/** Revokes a key of the workspace; false when the workspace has no such key (or it was already revoked). */
export async function revokeApiKey(db: Database, workspaceId: string, keyId: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

// Recording every use would turn each read into a write; once a minute is enough to see stale keys.
const LAST_USED_RESOLUTION = sql`interval '1 minute'`;

/** The caller a presented token stands for, or null if it is malformed, unknown, revoked or expired. */
export async function authenticateKey(db: Database, token: string, now = new Date()): Promise<Caller | null> {
  const parsed = parseKey(token);
  return parsed ? callerOfKey(db, parsed.id, (hash) => secretMatches(parsed.secret, hash), now) : null;
}

/**
 * The caller of key `keyId` if it is still valid (not revoked, not expired) and `proven` accepts its
 * secret's hash: a presented token's secret, or a browser session opened with it.
 */
export async function callerOfKey(db: Database, keyId: string, proven: (secretHash: string) => boolean, now = new Date()): Promise<Caller | null> {
  const [row] = await db
    .select({
      keyId: apiKeys.id,
      secretHash: apiKeys.secretHash,
      scopes: apiKeys.scopes,
      rateLimitPerMinute: apiKeys.rateLimitPerMinute,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
      workspaceId: workspaces.id,
      slug: workspaces.slug,
      redaction: workspaces.redaction,
      pseudonymKey: workspaces.pseudonymKey,
      timeZone: workspaces.timeZone,
    })
    .from(apiKeys)
    .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
    .where(eq(apiKeys.id, keyId));
  if (!row || !proven(row.secretHash)) return null;
  if (row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now)) return null;
  if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiKeys.id, row.keyId), sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - ${LAST_USED_RESOLUTION})`));
  }
  return {
    keyId: row.keyId,
    keyExpiresAt: row.expiresAt,
    scopes: new Set(row.scopes as Scope[]),
    rateLimitPerMinute: row.rateLimitPerMinute,
    workspace: { id: row.workspaceId, slug: row.slug, redaction: row.redaction ?? DEFAULT_REDACTION, pseudonymKey: row.pseudonymKey, timeZone: row.timeZone },
  };
}

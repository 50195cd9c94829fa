import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { BusinessHours } from '../../kpis/business-hours';
import type { RedactionSettings } from '../../privacy/settings';
import type { Rubric } from '../../review/rubric';
import type { FlagThresholdOverrides } from '../../scoring/flags/thresholds';

export const workspaces = pgTable('workspaces', {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  // What is redacted before storage; null means the defaults (docs/privacy.md).
  redaction: jsonb().$type<RedactionSettings>(),
  // Opening hours for business-time metrics; null: none (calendar time only).
  businessHours: jsonb().$type<BusinessHours>(),
  // Overrides of the QA flag thresholds; null: the defaults (src/scoring/flags/thresholds.ts).
  flagThresholds: jsonb().$type<FlagThresholdOverrides>(),
  // The QA scorecard; null: the default (src/review/rubric.ts).
  rubric: jsonb().$type<Rubric>(),
  // The reporting time zone: KPI rollups are kept by its local days (other zones read the conversations).
  timeZone: text().notNull().default('UTC'),
  // Keys the HMAC of customer ids that are personal data: the workspace's own, so pseudonyms never match across workspaces.
  pseudonymKey: text()
    .notNull()
    .default(sql`encode(sha256(gen_random_uuid()::text::bytea), 'hex')`),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * API keys. The secret is shown once at creation; only its SHA-256 is kept. A 256-bit random secret
 * needs no slow password hash: nothing about it can be guessed, so a fast hash loses nothing.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    // The public half of the key ("prl_<id>_<secret>"): looked up first, then the secret's hash compared.
    id: text().primaryKey(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    secretHash: text().notNull(),
    scopes: text().array().notNull(),
    // Requests per minute; null means the server's default (RATE_LIMIT_PER_MINUTE).
    rateLimitPerMinute: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('api_keys_workspace_idx').on(t.workspaceId)],
);

/**
 * What was done to a workspace's data and by whom: erasures, key creation and revocation, settings
 * changes. Never the erased content: ids, counts and the key that acted.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // The API key that acted, or "cli" for the operator's command line.
    actor: text().notNull(),
    action: text().notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('audit_log_workspace_at_idx').on(t.workspaceId, t.at)],
);

/**
 * Browser sessions of the web UI, opened by signing in with an API key. Only the token's SHA-256 is
 * kept; a session ends at its expiry, at sign-out, or with its key (revoked, expired or deleted).
 */
export const uiSessions = pgTable(
  'ui_sessions',
  {
    tokenHash: text().primaryKey(),
    keyId: text()
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('ui_sessions_key_idx').on(t.keyId)],
);

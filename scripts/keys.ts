/**
 * npm run keys -- create --workspace NAME --scopes ingest,read [--name LABEL] [--expires 90d|2027-01-01T00:00:00Z] [--rate-limit N]
 *   Creates the workspace if it is new, then a key for it, and prints the key. It is shown only
 *   this once: Parley keeps a hash of it.
 * npm run keys -- list --workspace NAME
 * npm run keys -- revoke KEY_ID --workspace NAME
 */
import { parseArgs } from 'node:util';
import { SCOPES, type Scope } from '../src/auth/api-key';
import { loadConfigOrExit } from '../src/config/env';
import { workspaceSlug } from '../src/contract/conversation';
import { createDb } from '../src/db/client';
import { ensureDatabase, runMigrations } from '../src/db/migrate';
import { createApiKey, listApiKeys, revokeApiKey } from '../src/db/queries/api-keys';
import { recordAudit } from '../src/db/queries/audit';
import { ensureWorkspace, findWorkspaceId } from '../src/db/queries/workspaces';
import { printFailure } from './lib/cli-failure';

const USAGE = `usage:
  npm run keys -- create --workspace NAME --scopes ${SCOPES.join(',')} [--name LABEL] [--expires 90d|ISO-DATE] [--rate-limit N]
  npm run keys -- list --workspace NAME
  npm run keys -- revoke KEY_ID --workspace NAME`;

class UsageError extends Error {}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    workspace: { type: 'string' },
    scopes: { type: 'string' },
    name: { type: 'string' },
    expires: { type: 'string' },
    'rate-limit': { type: 'string' },
  },
});

function parseScopes(text: string | undefined): Scope[] {
  const scopes = (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length) throw new UsageError(`--scopes takes a comma-separated list of ${SCOPES.join(', ')}${unknown.length ? `; not ${unknown.join(', ')}` : ''}`);
  return [...new Set(scopes)] as Scope[];
}

/** "90d" from now, or an ISO date-time in the future. */
function parseExpiry(text: string | undefined): Date | null {
  if (text === undefined) return null;
  const days = /^(\d{1,5})d$/.exec(text);
  const date = days ? new Date(Date.now() + Number(days[1]) * 86_400_000) : new Date(text);
  if (Number.isNaN(date.getTime()) || date.getTime() <= Date.now()) throw new UsageError('--expires takes a number of days ("90d") or a future ISO date-time');
  return date;
}

function parseRateLimit(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new UsageError('--rate-limit takes requests per minute, 1 to 100000');
  return n;
}

function workspaceArg(): string {
  const parsed = workspaceSlug.safeParse(values.workspace);
  if (!parsed.success) throw new UsageError(`--workspace NAME is required: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

const config = loadConfigOrExit();
const database = createDb(config.DATABASE_URL, { max: 1, applicationName: 'parley-keys' });
const fmt = (d: Date | null) => (d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-');

try {
  const [command, ...rest] = positionals;
  if (command === 'create') {
    const slug = workspaceArg();
    const scopes = parseScopes(values.scopes);
    const expiresAt = parseExpiry(values.expires);
    const rateLimitPerMinute = parseRateLimit(values['rate-limit']);
    await ensureDatabase(config.DATABASE_URL);
    await runMigrations(config.DATABASE_URL);
    const workspace = await ensureWorkspace(database.db, slug);
    const { key, token } = await createApiKey(database.db, { workspaceId: workspace.id, name: values.name ?? 'cli', scopes, expiresAt, rateLimitPerMinute });
    await recordAudit(database.db, { workspaceId: workspace.id, actor: 'cli', action: 'key.created', details: { keyId: key.id, scopes } });
    if (workspace.created) console.error(`created workspace ${slug}`);
    console.error(`key ${key.id} for ${slug}: scopes ${scopes.join(',')}, expires ${fmt(key.expiresAt)}. Shown once; store it now:`);
    console.log(token);
  } else if (command === 'list') {
    const slug = workspaceArg();
    const id = await findWorkspaceId(database.db, slug);
    if (!id) throw new UsageError(`no workspace ${slug}`);
    const keys = await listApiKeys(database.db, id);
    console.log(['id', 'name', 'scopes', 'created', 'expires', 'revoked', 'last used'].join('\t'));
    for (const k of keys) console.log([k.id, k.name, k.scopes.join(','), fmt(k.createdAt), fmt(k.expiresAt), fmt(k.revokedAt), fmt(k.lastUsedAt)].join('\t'));
  } else if (command === 'revoke' && rest.length === 1) {
    const slug = workspaceArg();
    const id = await findWorkspaceId(database.db, slug);
    if (!id || !(await revokeApiKey(database.db, id, rest[0]!))) throw new UsageError(`workspace ${slug} has no active key ${rest[0]}`);
    await recordAudit(database.db, { workspaceId: id, actor: 'cli', action: 'key.revoked', details: { keyId: rest[0] } });
    console.log(`revoked ${rest[0]}`);
  } else {
    throw new UsageError('');
  }
} catch (error) {
  if (error instanceof UsageError) console.error(error.message ? `${error.message}\n${USAGE}` : USAGE);
  else printFailure(error);
  process.exitCode = error instanceof UsageError ? 64 : 1;
} finally {
  await database.close();
}

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { connectPostgres } from './connect';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name)) throw new Error(`DATABASE_URL names an unusable database "${name}"`);
  return name;
}

/** The same server's maintenance database, for CREATE/DROP DATABASE. */
function maintenanceUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  const admin = connectPostgres(maintenanceUrl(url), { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists) return false;
    await admin.unsafe(`create database "${name}"`);
    return true;
  } catch (error) {
    // Two processes racing to create it: the loser sees duplicate_database, which is fine.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const admin = connectPostgres(maintenanceUrl(url), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${databaseName(url)}" with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

const MIGRATION_LOCK = 0x70_6d_69_67; // "pmig"

/**
 * Applies committed migrations with a dedicated single connection that is always closed. A session
 * advisory lock makes concurrent runs (a deploy on several machines, an importer starting) wait for
 * each other: the second finds nothing left to apply.
 */
export async function runMigrations(url: string): Promise<void> {
  const client = connectPostgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    // Ending the session releases the lock.
    await client.end({ timeout: 5 });
  }
}

/** What the benchmarks share: a database of their own, and reading a process's memory and CPU time. */
import { readdirSync, readFileSync } from 'node:fs';
import { createDb } from '../../src/db/client';
import { dropDatabase, ensureDatabase, runMigrations } from '../../src/db/migrate';
import { createApiKey } from '../../src/db/queries/api-keys';
import { ensureWorkspace } from '../../src/db/queries/workspaces';

/** `databaseUrl` with the database `name` instead of its own. */
export function databaseNamed(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops and recreates the database at `url`, migrates it, and makes workspace `slug` and an ingest key without a practical rate limit. */
export async function freshBenchDatabase(url: string, slug = 'bench'): Promise<{ workspaceId: string; token: string }> {
  await dropDatabase(url);
  await ensureDatabase(url);
  await runMigrations(url);
  const database = createDb(url, { max: 1 });
  try {
    const { id } = await ensureWorkspace(database.db, slug);
    const { token } = await createApiKey(database.db, { workspaceId: id, name: 'bench', scopes: ['ingest', 'read'], rateLimitPerMinute: 1_000_000 });
    return { workspaceId: id, token };
  } finally {
    await database.close();
  }
}

/** Resident memory of a process, from /proc; 0 once it is gone. */
export function residentMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

const TICKS_PER_SECOND = 100; // Linux USER_HZ

/**
 * CPU seconds a process has used so far (user + system), from /proc; 0 once it is gone. With
 * `children`, also what its exited children used: Postgres's postmaster reaps the backends of
 * connections that closed during the run.
 */
export function cpuSeconds(pid: number, children = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return (own + (children ? Number(fields[13]) + Number(fields[14]) : 0)) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds used by every process of this name (the Postgres and Redis servers). */
export function cpuSecondsOf(command: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim().startsWith(command)) total += cpuSeconds(Number(entry), true);
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/**
 * CPU seconds of the whole machine (every core), from /proc/stat: busy, stolen by the hypervisor
 * (the cores were wanted but ran someone else: a slow spell of a virtual machine) and in all.
 */
export function machineCpuSeconds(): { busy: number; stolen: number; total: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal; guest time is already counted in user.
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = ticks.slice(0, 8).map(Number);
  const busy = user + nice + system + irq + softirq;
  return { busy: busy / TICKS_PER_SECOND, stolen: steal / TICKS_PER_SECOND, total: (busy + idle + iowait + steal) / TICKS_PER_SECOND };
}

/**
 * A PostgreSQL and a Redis of our own, on free loopback ports in a temporary folder, for a fault
 * test that kills and restarts them: the machine's shared servers are never touched. PostgreSQL
 * refuses to run as root, so as root its files belong to, and it runs as, the `postgres` user that
 * Debian's package creates.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort } from './free-port';

/** Debian keeps the server binaries in /usr/lib/postgresql/<version>/bin, off the PATH. */
function postgresBin(name: string): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', name)));
    versions.sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin', name);
  }
  return name; // on the PATH, or the spawn fails naming it
}

const asRoot = userInfo().uid === 0;
const asPostgres = (command: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);

export interface PrivatePostgres {
  url: (database: string) => string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-chaos-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString());
    chownSync(dir, id('-u'), id('-g'));
  }
  const port = await freePort();
  const run = (command: string, args: string[]) => {
    const [bin, argv] = asPostgres(command, args);
    execFileSync(bin, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  run(postgresBin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir}`;
  const pgCtl = (...args: string[]) => run(postgresBin('pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '30', ...args]);
  const handle: PrivatePostgres = {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    // Fast shutdown: sessions are cut, as a failover or a restart by the platform would.
    stop: async () => pgCtl('stop', '-m', 'fast'),
    start: async () => pgCtl('start', '-o', options),
    async destroy() {
      try {
        pgCtl('stop', '-m', 'immediate');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await handle.start();
  return handle;
}

export interface PrivateRedis {
  url: string;
  /** SIGKILL and a fresh start: nothing persisted, so the queue comes back empty. */
  restartWiped(outageMs: number): Promise<void>;
  destroy(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], {
      stdio: 'ignore',
    });
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {}); // refused until the server listens: retried below
    for (let i = 0; i < 100; i++) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        await sleep(50);
      }
    }
    throw new Error(`redis-server did not start on port ${port}`);
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  };
  await launch();
  return {
    url,
    async restartWiped(outageMs) {
      await kill();
      await sleep(outageMs);
      await launch();
    },
    destroy: kill,
  };
}

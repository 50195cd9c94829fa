import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client';
import { splitHost } from '../../src/db/connect';
import { ensureDatabase } from '../../src/db/migrate';
import { testConfig } from '../support/stack';

describe('DATABASE_URL naming a Unix socket', () => {
  it('takes libpq\'s host parameter off the URL, keeping every other parameter', () => {
    expect(splitHost('postgres://app:pw@localhost:5433/parley?host=/cloudsql/p:r:i&sslmode=disable')).toEqual({
      url: 'postgres://app:pw@localhost:5433/parley?sslmode=disable',
      host: '/cloudsql/p:r:i',
    });
    expect(splitHost('postgres://app@10.0.0.5/parley')).toEqual({ url: 'postgres://app@10.0.0.5/parley' });
  });

  it('connects through the socket directory the host parameter names, pool and maintenance connection alike', async (context) => {
    const base = testConfig().DATABASE_URL;
    const tcp = createDb(base, { max: 1 });
    const [setting] = await tcp.sql<{ directory: string }[]>`
      select trim(split_part(current_setting('unix_socket_directories'), ',', 1)) as directory`;
    const directory = setting!.directory;
    await tcp.close();
    if (!directory.startsWith('/')) context.skip('this Postgres listens on no Unix socket');

    const url = new URL(base);
    url.searchParams.set('host', directory);
    const viaSocket = createDb(url.toString(), { max: 1 });
    try {
      const [row] = await viaSocket.sql<{ socket: boolean; database: string }[]>`
        select inet_server_addr() is null as socket, current_database() as database`;
      expect(row).toEqual({ socket: true, database: url.pathname.slice(1) });
    } catch (error) {
      // A Debian install authenticates socket clients by their system user (peer): not this test's concern.
      if ((error as { code?: string }).code === '28000') context.skip('Postgres refuses this user on its socket (peer authentication)');
      throw error;
    } finally {
      await viaSocket.close();
    }
    // ensureDatabase connects to the maintenance database of the same server: through the socket too.
    await expect(ensureDatabase(url.toString())).resolves.toBe(false);
  });
});

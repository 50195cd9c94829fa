/**
 * Run as a child process by test/integration/postgres-connection-loss.test.ts: a transaction's
 * connection is terminated while its query runs, as when Postgres restarts or fails over. The
 * transaction must reject, the process must live on (postgres.js 3.4.9 wrote its own rollback to
 * the closed connection from a timer and crashed: porsager/postgres#1208), and the pool must serve
 * the next query. Prints one JSON line of what happened.
 */
import { createDb } from '../../src/db/client';

const database = createDb(process.env.DATABASE_URL!, { max: 2, applicationName: 'parley-connection-loss' });
const killer = createDb(process.env.DATABASE_URL!, { max: 1, applicationName: 'parley-connection-loss-killer' });

let pid: number | undefined;
const transaction = database.sql.begin(async (tx) => {
  pid = (await tx<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
  await tx`select pg_sleep(10)`;
});
while (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
await killer.sql`select pg_terminate_backend(${pid})`;
const rejected = await transaction.then(
  () => 'committed',
  (error: { code?: string }) => error.code ?? 'no code',
);
// The crash came from a timer after the rejection: give every pending timer its turn.
await new Promise((resolve) => setTimeout(resolve, 200));
const next = (await database.sql<{ next: number }[]>`select 1 as next`)[0]!.next;
console.log(JSON.stringify({ rejected, next }));
// Not waiting for queries to finish: postgres.js 3.4.9's end() waits its whole timeout for a
// connection that died with a query in flight (scripts/patches/README.md).
await Promise.all([database.close(0), killer.close(0)]);

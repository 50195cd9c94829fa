/**
 * Run as a child process by test/integration/postgres-connection-loss.test.ts: the backends of a
 * pool's two connections are terminated while their queries run, as when Postgres restarts or
 * fails over, first outside a transaction, then inside one. Each query must reject and the process
 * must live on (postgres.js 3.4.9 wrote the transaction's own rollback to the closed connection
 * from a timer and crashed: porsager/postgres#1208); the query that reconnects the first connection
 * must succeed (3.4.9 failed it with the error the server had closed the connection with), and the
 * pool must then close at once (3.4.9 waited its whole timeout for a dead connection). Prints one
 * JSON line of what happened.
 */
import { createDb } from '../../src/db/client';

const database = createDb(process.env.DATABASE_URL!, { max: 2, applicationName: 'parley-connection-loss' });
const killer = createDb(process.env.DATABASE_URL!, { max: 1, applicationName: 'parley-connection-loss-killer' });
const outcome = (running: Promise<unknown>) =>
  running.then(
    () => 'completed',
    (error: { code?: string }) => error.code ?? 'no code',
  );

/** Runs `query`, terminates its backend once pg_stat_activity shows it (by `marker`), and says how it settled. */
async function terminated(marker: string, query: () => Promise<unknown>): Promise<string> {
  const settled = outcome(query());
  for (;;) {
    const killed = await killer.sql`
      select pg_terminate_backend(pid) from pg_stat_activity where query like ${`%${marker}%`} and pid <> pg_backend_pid()`;
    if (killed.length > 0) return settled;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// The pool hands out its connections in turn: the first query gets one, the transaction the other.
const alone = await terminated('alone', () => database.sql.unsafe('select pg_sleep(10) -- alone').execute());
const inTransaction = await terminated('in a transaction', () => database.sql.begin((tx) => tx.unsafe('select pg_sleep(10) -- in a transaction')));
// The crash came from a timer after the rejection: give every pending timer its turn.
await new Promise((resolve) => setTimeout(resolve, 200));
// This reconnects the first connection; the transaction's stays closed until the pool closes.
const next = await outcome(database.sql`select 1`);
const closing = performance.now();
await Promise.all([database.close(5), killer.close(5)]);
console.log(JSON.stringify({ alone, inTransaction, next, closedWithinSecond: performance.now() - closing < 1_000 }));

import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';

export type CopyValue = string | number | boolean | null;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format: NULL as \N, and the four characters that would break a row escaped. */
function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  return String(value).replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!);
}

/**
 * COPY ... FROM STDIN of the rows into `table (columns)`, in chunks so a large batch never sits in
 * memory as one string. `columns` is trusted SQL: call it with constants only. Call it inside a
 * transaction.
 *
 * When Postgres rejects the rows once they are all sent (a constraint, a bad value), postgres.js
 * never settles the stream (porsager/postgres#1173), which would hang the caller and leave its
 * connection idle in an aborted transaction. So a query is queued behind the COPY on the same
 * connection as soon as postgres.js takes one (once it has sent the COPY's end): it runs when the
 * COPY is over, fails if the COPY did, and that failure is raised instead.
 */
export async function copyRows(sql: postgres.TransactionSql, table: string, columns: readonly string[], rows: Iterable<CopyValue[]>): Promise<void> {
  const writable = await sql.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable();
  const ended = new Promise<void>((resolve) => {
    const final = writable._final.bind(writable);
    writable._final = (callback) => {
      final(callback);
      resolve();
    };
  });
  const copied = send(writable, rows);
  const after = ended
    .then(() => sql`select 1`)
    .then(
      () => copied,
      (error: unknown) => {
        // The cause keeps a lost connection recognisable as one (isDatabaseUnavailable).
        throw new Error(`COPY into ${table} failed (Postgres's own message is in its log): ${(error as Error).message}`, { cause: error });
      },
    );
  // Whichever loses the race must not be reported as an unhandled rejection.
  copied.catch(() => {});
  after.catch(() => {});
  await Promise.race([copied, after]);
}

async function send(writable: Writable, rows: Iterable<CopyValue[]>): Promise<void> {
  async function* lines() {
    let chunk = '';
    for (const row of rows) {
      chunk += row.map(copyField).join('\t') + '\n';
      if (chunk.length > 256 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(lines()), writable);
}

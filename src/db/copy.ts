import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Queryable } from './client';

export type CopyValue = string | number | boolean | null;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format: NULL as \N, and the four characters that would break a row escaped. */
function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  return String(value).replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!);
}

/**
 * COPY ... FROM STDIN of the rows into `table (columns)`, in chunks so a large batch never sits in
 * memory as one string. `columns` is trusted SQL: call it with constants only.
 */
export async function copyRows(sql: Queryable, table: string, columns: readonly string[], rows: Iterable<CopyValue[]>): Promise<void> {
  const writable = await sql.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable();
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

import type { Line } from './input';

export interface CsvRow {
  fields: string[];
  /** First and last line of the row (a quoted field may hold line breaks). */
  line: number;
  endLine: number;
  end: number;
  /** Why the row could not be parsed (an unterminated quote). */
  error?: string;
}

// A quoted field longer than this is a missing closing quote, not data: stop swallowing lines.
const MAX_ROW_CHARS = 1024 * 1024;

/** RFC 4180 rows from lines: comma-separated, "double quotes" around fields holding commas, quotes ("") or line breaks. */
export async function* csvRows(lines: AsyncIterable<Line>): AsyncIterable<CsvRow> {
  let text = '';
  let start = 0;
  for await (const line of lines) {
    if (text === '') start = line.number;
    text = text === '' ? line.text : `${text}\n${line.text}`;
    const fields = parseRow(text);
    if (fields === null && text.length <= MAX_ROW_CHARS && !line.tooLong) continue;
    yield fields === null
      ? { fields: [], line: start, endLine: line.number, end: line.end, error: 'unterminated quoted field' }
      : { fields, line: start, endLine: line.number, end: line.end };
    text = '';
  }
  if (text !== '') yield { fields: [], line: start, endLine: start, end: 0, error: 'unterminated quoted field at the end of the file' };
}

/** The fields of one row, or null when a quoted field is still open at the end of the text. */
export function parseRow(text: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) return null;
        value += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      // Anything between the closing quote and the next comma is kept, as lenient readers do.
      const comma = text.indexOf(',', i);
      fields.push(value + text.slice(i, comma === -1 ? undefined : comma));
      if (comma === -1) return fields;
      i = comma + 1;
    } else {
      const comma = text.indexOf(',', i);
      fields.push(text.slice(i, comma === -1 ? undefined : comma));
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}

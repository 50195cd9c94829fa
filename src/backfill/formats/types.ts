import type { Line } from '../input';

/** Stops a whole file before anything of it is imported (unknown format or workspace, a bad CSV header); the message says what to do. */
export class ImportError extends Error {}

/** One conversation read from an export, before the contract has validated it. */
export interface SourceRecord {
  /** The line the record starts on. */
  line: number;
  /** Its 1-based position when one line holds several (an API page). */
  item?: number;
  /** The record in the contract's input shape, or why it could not be read as this format. */
  value: { ok: true; input: unknown } | { ok: false; reason: string };
  /** Set on the last record of a line or row group: an import may resume right after it. */
  resumeAfter?: { bytes: number; line: number };
}

export interface Format {
  name: string;
  /** Lines at the top of the file that every reader needs again when resuming mid-file (a CSV header). */
  headerLines: number;
  records(lines: AsyncIterable<Line>): AsyncIterable<SourceRecord>;
  /** Whether a file's first record looks like this format, for when --format is left out. */
  sniff(firstLine: string): boolean;
}

/** Mapped from one JSON value: a conversation, or why this one cannot be. */
export type Mapped = { ok: true; input: unknown } | { ok: false; reason: string };

/**
 * The shared reader of the JSON-lines formats: one JSON value per line (blank lines skipped), which
 * `map` turns into one or more conversations, an API page holding several.
 */
export async function* jsonLineRecords(lines: AsyncIterable<Line>, map: (value: unknown) => Mapped[]): AsyncIterable<SourceRecord> {
  for await (const line of lines) {
    const resumeAfter = { bytes: line.end, line: line.number };
    if (line.tooLong) {
      yield { line: line.number, value: { ok: false, reason: 'line is longer than 64 MiB; write one record per line (jq -c)' }, resumeAfter };
      continue;
    }
    if (line.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      yield { line: line.number, value: { ok: false, reason: `not valid JSON: ${(error as Error).message}` }, resumeAfter };
      continue;
    }
    const mapped = map(value);
    if (mapped.length === 0) {
      yield { line: line.number, value: { ok: false, reason: 'holds no conversation' }, resumeAfter };
      continue;
    }
    for (const [index, item] of mapped.entries()) {
      yield {
        line: line.number,
        ...(mapped.length > 1 ? { item: index + 1 } : {}),
        value: item,
        ...(index === mapped.length - 1 ? { resumeAfter } : {}),
      };
    }
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** An object's fields, or none: export fields that should be objects are not always. */
export const record = (value: unknown): Record<string, unknown> => (isObject(value) ? value : {});

/** A numeric or non-empty string id as text, the contract's form for ids. */
export const idText = (value: unknown): string | undefined =>
  typeof value === 'number' || (typeof value === 'string' && value !== '') ? String(value) : undefined;

/** Parses the first line as JSON for sniffing; undefined when it is not JSON. */
export function firstJson(firstLine: string): unknown {
  try {
    return JSON.parse(firstLine);
  } catch {
    return undefined;
  }
}

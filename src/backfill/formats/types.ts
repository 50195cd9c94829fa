import type { Line } from '../input';
import { jsonValues, type InputPosition } from './json-values';

/** Stops a whole file before anything of it is imported (unknown format or workspace, a bad CSV header); the message says what to do. */
export class ImportError extends Error {}

/** One conversation read from an export, before the contract has validated it. */
export interface SourceRecord {
  /** The line the record starts on. */
  line: number;
  /** Where a JSON record's object starts: its byte offset in the decompressed input. */
  offset?: number;
  /** Its 1-based position when one object holds several (an API page). */
  item?: number;
  /** The record in the contract's input shape, or why it could not be read as this format. */
  value: { ok: true; input: unknown } | { ok: false; reason: string };
  /** Set where an import may resume right after this record (the end of a line, row group or object). */
  resumeAfter?: InputPosition;
}

/** What a format reads: the decompressed bytes from a resume point (or the start) on. */
export interface FormatInput {
  chunks: AsyncIterable<Buffer>;
  from: InputPosition;
  /** The file's first `headerLines` lines when reading starts past them. */
  header: Line[];
}

export interface Format {
  name: string;
  /** Lines at the top of the file that every reader needs again when resuming mid-file (a CSV header). */
  headerLines: number;
  records(input: FormatInput): AsyncIterable<SourceRecord>;
  /** Whether a file's first record looks like this format, for when --format is left out. */
  sniff(firstLine: string): boolean;
}

/** Mapped from one JSON value: a conversation, or why this one cannot be. */
export type Mapped = { ok: true; input: unknown } | { ok: false; reason: string };

/**
 * The shared reader of the JSON formats: each top-level object of the input (see jsonValues: JSON
 * lines, pretty-printed, or a top-level array), which `map` turns into one or more conversations,
 * an API page holding several.
 */
async function* jsonRecords(input: FormatInput, map: (value: unknown) => Mapped[]): AsyncIterable<SourceRecord> {
  for await (const found of jsonValues(input.chunks, input.from)) {
    const mapped: Mapped[] = found.value.ok ? map(found.value.json) : [found.value];
    if (mapped.length === 0) mapped.push({ ok: false, reason: 'holds no conversation' });
    for (const [index, value] of mapped.entries()) {
      yield {
        line: found.line,
        offset: found.offset,
        ...(mapped.length > 1 ? { item: index + 1 } : {}),
        value,
        ...(index === mapped.length - 1 && found.resumeAfter ? { resumeAfter: found.resumeAfter } : {}),
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

/** An export's attribute name as the contract's attribute keys allow: "Order value" -> "Order_value". */
export const attributeKey = (name: string) => name.replace(/[^A-Za-z0-9_.-]+/g, '_');

/** Parses the first line as JSON for sniffing; undefined when it is not JSON. */
function firstJson(firstLine: string): unknown {
  try {
    return JSON.parse(firstLine);
  } catch {
    return undefined;
  }
}

/**
 * A JSON format: read by jsonRecords, each value turned into conversations by `map`, and
 * recognised by whether the first object `looksLike` it (its fields; none when it is not an object).
 */
export function jsonFormat(name: string, map: (value: unknown) => Mapped[], looksLike: (first: Record<string, unknown>) => boolean): Format {
  return {
    name,
    headerLines: 0,
    records: (input) => jsonRecords(input, map),
    sniff: (firstLine) => looksLike(record(firstJson(firstLine))),
  };
}

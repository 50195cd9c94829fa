/**
 * One row per conversation as CSV (RFC 4180) or JSON Lines. CSV cells that a spreadsheet would run
 * as a formula (starting with =, +, -, @, tab or carriage return) get a leading apostrophe: an
 * attribute value sent by anyone must not execute on an analyst's machine (OWASP "CSV injection").
 */
export type ExportFormat = 'csv' | 'jsonl';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  // Numbers may be negative ("-0.4"): only text gets the apostrophe.
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(cell).join(',')}\r\n`;
}

export function jsonLine(row: Record<string, unknown>): string {
  return `${JSON.stringify(row)}\n`;
}

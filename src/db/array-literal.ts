/**
 * A Postgres array literal of numbers or strings ({1,2.5}, {"neutral","positive"}), for a COPY
 * field or a `$1::text[]` parameter. Strings are always quoted, so an empty one or a comma
 * survives; null, undefined, NaN and the infinities become NULL.
 */
export function arrayLiteral(values: readonly unknown[]): string {
  return `{${values.map(arrayElement).join(',')}}`;
}

function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  return `"${String(value).replace(/["\\]/g, '\\$&')}"`;
}

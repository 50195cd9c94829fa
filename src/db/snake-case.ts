const columnNames = new Map<string, string>();

/** The column name drizzle's snake_case casing gives a schema key: customerId -> customer_id. */
export function snakeCase(key: string): string {
  let column = columnNames.get(key);
  if (column === undefined) {
    column = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    columnNames.set(key, column);
  }
  return column;
}

/** An object keyed by column names, for SQL that reads rows from JSON (json_to_recordset). */
export function snakeKeys(values: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const key in values) row[snakeCase(key)] = values[key];
  return row;
}

/** The column name drizzle's snake_case casing gives a schema key: customerId -> customer_id. */
export const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** An object keyed by column names, for SQL that reads rows from JSON (json_to_recordset, json_populate_recordset). */
export function snakeKeys(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [snakeCase(key), value]));
}

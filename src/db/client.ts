import { drizzle, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from './schema';

export type Database = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Database;
  /**
   * The same pool without drizzle, for what drizzle cannot say (COPY). drizzle changes how this
   * client serializes dates and JSON, so pass it strings only.
   */
  sql: postgres.Sql;
  /** Ends the pool, letting running queries finish for up to `timeoutSeconds`. */
  close(timeoutSeconds?: number): Promise<void>;
}

/** The one Postgres pool of a process; drizzle gets its own postgres.js client (see ENGINEERING-ANCHORS). */
export function createDb(url: string, options: { max?: number; applicationName?: string } = {}): DbHandle {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'parley' },
  });
  return {
    db: drizzle({ client, schema, casing: 'snake_case' }),
    sql: client,
    close: (timeoutSeconds = 5) => client.end({ timeout: timeoutSeconds }),
  };
}

/** Raw SQL through the pool or inside a transaction (`sql.begin`). */
export type Queryable = postgres.Sql | postgres.TransactionSql;

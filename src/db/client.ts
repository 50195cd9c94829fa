import { drizzle, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { processName } from '../lib/process-name';
import { connectPostgres } from './connect';
import { noDelaySocketFactory } from './no-delay-socket';
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
  /** Unique to this process (name/host/pid): Postgres tells its connections apart by it. */
  applicationName: string;
  max: number;
}

/** The one Postgres pool of a process; drizzle gets its own postgres.js client (see ENGINEERING-ANCHORS). */
export function createDb(url: string, options: { max?: number; applicationName?: string } = {}): DbHandle {
  const max = options.max ?? 10;
  const applicationName = processName(options.applicationName ?? 'parley');
  // `socket` is a postgres.js option its types leave out.
  const settings = { max, onnotice: () => {}, connection: { application_name: applicationName }, socket: noDelaySocketFactory() };
  const client = connectPostgres(url, settings as postgres.Options<Record<string, postgres.PostgresType>>);
  return {
    db: drizzle({ client, schema, casing: 'snake_case' }),
    sql: client,
    close: (timeoutSeconds = 5) => client.end({ timeout: timeoutSeconds }),
    applicationName,
    max,
  };
}

/** Raw SQL through the pool or inside a transaction (`sql.begin`). */
export type Queryable = postgres.Sql | postgres.TransactionSql;

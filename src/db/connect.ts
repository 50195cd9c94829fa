import postgres from 'postgres';

type Options = postgres.Options<Record<string, postgres.PostgresType>>;

/**
 * Splits libpq's `host` query parameter off a connection URL. libpq names a Unix-socket directory
 * that way (postgres://app@/parley?host=/cloudsql/project:region:instance, as managed services
 * hand out); postgres.js would pass the parameter to the server as a setting, and the server
 * refuses it, but postgres.js does connect through the socket when its host option is a directory.
 */
export function splitHost(url: string): { url: string; host?: string } {
  const parsed = new URL(url);
  const host = parsed.searchParams.get('host');
  if (host === null) return { url };
  parsed.searchParams.delete('host');
  return { url: parsed.toString(), host };
}

/** A postgres.js client for a connection URL as libpq reads it, `?host=` included. */
export function connectPostgres(url: string, options: Options): postgres.Sql<Record<string, postgres.PostgresType>> {
  const { url: rest, host } = splitHost(url);
  return postgres(rest, host === undefined ? options : { ...options, host });
}

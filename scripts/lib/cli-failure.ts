import { isDatabaseUnavailable } from '../../src/db/errors';
import { logSafeError } from '../../src/lib/log-safe-error';

/**
 * What a command-line tool prints when it stops on an error: what to do when Postgres is away, or
 * else the error as the logs would carry it. Never the error object itself: a driver's error can
 * quote the data in its detail (`Token "…" is invalid`), and a query builder's its parameters, and
 * these tools run over customers' conversations, often in a CI log.
 */
export function printFailure(error: unknown): void {
  if (isDatabaseUnavailable(error)) console.error('Postgres is not reachable at DATABASE_URL; start it with npm run up (or bash scripts/services.sh)');
  else console.error(JSON.stringify(logSafeError(error), null, 2));
}

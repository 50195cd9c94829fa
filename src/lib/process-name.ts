import { hostname } from 'node:os';

/**
 * `kind/host/pid`: tells this process apart among every machine's, in Postgres's pg_stat_activity
 * and on the jobs a worker takes. Postgres keeps 63 bytes of an application name, so the host is
 * cut to 32 characters and the pid survives.
 */
export const processName = (kind: string) => `${kind}/${hostname().slice(0, 32)}/${process.pid}`;

import type { Logger } from './logger';

/**
 * Stops a process that cannot open its port, saying which setting to change: a second worker on
 * a machine with the default WORKER_OPS_PORT otherwise dies with a bare stack trace.
 */
export function exitOnListenFailure(logger: Logger, setting: 'PORT' | 'WORKER_OPS_PORT', host: string, port: number, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'EADDRINUSE'
      ? `${host}:${port} is in use, perhaps by another Parley process on this machine: give each process its own ${setting} (0 takes any free port)`
      : `cannot listen on ${host}:${port}: ${(error as Error).message}`;
  logger.fatal({ setting, host, port, code }, `${setting}: ${why}`);
  process.exit(1);
}

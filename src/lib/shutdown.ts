import type { Logger } from './logger';

/**
 * Installs one idempotent SIGINT/SIGTERM handler that runs `steps` in order and exits, or exits
 * with status 1 when they overrun `deadlineMs` (a stuck Redis must not block a deploy forever).
 */
export function onShutdown(logger: Logger, deadlineMs: number, steps: () => Promise<void>): void {
  let started = false;
  const run = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    logger.info({ signal, deadlineMs }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown deadline passed; exiting');
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    steps().then(
      () => {
        logger.info('shut down cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', run);
  process.on('SIGTERM', run);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    run('SIGTERM');
  });
}

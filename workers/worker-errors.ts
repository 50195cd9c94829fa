import { ErrorCode } from 'bullmq';
import type { Logger } from '../src/lib/logger';

/**
 * Logs an error the BullMQ worker reports outside any job's outcome. A job that vanished from
 * Redis (restarted empty or flushed while the worker held it) is expected after such an incident:
 * what it held is stored, scored or not, and the reconciler queues again what is unscored, so it
 * is a warning that says so rather than an error without context.
 */
export function logWorkerError(logger: Logger, error: Error): void {
  if ((error as { code?: unknown }).code === ErrorCode.JobNotExist) {
    logger.warn({ err: error }, 'a job the worker held is gone from Redis (restarted empty or flushed?); the reconciler queues again what it held, if unscored');
  } else {
    logger.error({ err: error }, 'worker error');
  }
}

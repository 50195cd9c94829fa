import { ErrorCode, type Job } from 'bullmq';
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

/**
 * Logs a job's failed attempt with its id, attempt and workspace. A batch's conversations are named
 * by the processor's own lines; a one-conversation job (from an earlier API version) names its own.
 */
export function logJobFailure(logger: Logger, job: Job | undefined, error: Error): void {
  const data = job?.data as { workspaceId?: string; conversationId?: string } | undefined;
  logger.warn({ jobId: job?.id, attempt: job?.attemptsMade, workspaceId: data?.workspaceId, conversationId: data?.conversationId, err: error }, 'job failed');
}

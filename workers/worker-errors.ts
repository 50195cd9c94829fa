import { ErrorCode, type Job } from 'bullmq';
import type { Logger } from '../src/lib/logger';

// BullMQ's message for a job whose keys are gone: "Missing key for job <id>. <command>".
const MISSING_JOB = /^Missing key for job (.+)\. \w+$/;
// Job ids already reported, oldest first: enough to cover the jobs a worker holds at once many times over.
const REMEMBERED_JOBS = 1_000;

/**
 * Logs the errors the BullMQ worker reports outside any job's outcome. A job that vanished from
 * Redis (restarted empty or flushed while the worker held it) is expected after such an incident:
 * what it held is stored, scored or not, and the reconciler queues again what is unscored, so it
 * is a warning that says so, with the job's id, once a job (BullMQ reports each such job twice: it
 * cannot finish it, then cannot fail it). Anything else is an error.
 */
export function workerErrorLogger(logger: Logger): (error: Error) => void {
  const reported = new Set<string>();
  return (error) => {
    if ((error as { code?: unknown }).code !== ErrorCode.JobNotExist) {
      logger.error({ err: error }, 'worker error');
      return;
    }
    const jobId = MISSING_JOB.exec(error.message)?.[1];
    if (jobId !== undefined) {
      if (reported.has(jobId)) return;
      reported.add(jobId);
      if (reported.size > REMEMBERED_JOBS) reported.delete(reported.values().next().value!);
    }
    logger.warn({ jobId, err: error }, 'a job the worker held is gone from Redis (restarted empty or flushed?); the reconciler queues again what it held, if unscored');
  };
}

/**
 * Logs a job's failed attempt with its id, attempt and workspace. A batch's conversations are named
 * by the processor's own lines; a one-conversation job (from an earlier API version) names its own.
 */
export function logJobFailure(logger: Logger, job: Job | undefined, error: Error): void {
  const data = job?.data as { workspaceId?: string; conversationId?: string } | undefined;
  logger.warn({ jobId: job?.id, attempt: job?.attemptsMade, workspaceId: data?.workspaceId, conversationId: data?.conversationId, err: error }, 'job failed');
}

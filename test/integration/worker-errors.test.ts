import { Queue, Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger';
import { workerConnection } from '../../src/queue/connection';
import { waitUntil } from '../support/processes';
import { testConfig } from '../support/stack';
import { logJobFailure, workerErrorLogger } from '../../workers/worker-errors';

const config = testConfig();
const connection = workerConnection(config.REDIS_URL);
const workerSide = workerConnection(config.REDIS_URL);
const queue = new Queue('vanishing', { connection, prefix: config.QUEUE_PREFIX });
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  workerSide.disconnect();
});

describe("the worker's own errors", () => {
  it('a job wiped from Redis while held is one warning that names it and says what happened; anything else an error', async () => {
    const lines: { level: number; msg: string; jobId?: string }[] = [];
    const logger = createLogger('info', {}, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const log = workerErrorLogger(logger);
    const reported: Error[] = [];
    // As a FLUSHALL would while the worker holds the job.
    const worker = new Worker('vanishing', async (job) => void (await connection.del(`${config.QUEUE_PREFIX}:vanishing:${job.id}`)), {
      connection: workerSide,
      prefix: config.QUEUE_PREFIX,
    });
    worker.on('error', (error) => {
      reported.push(error);
      log(error);
    });
    const job = await queue.add('held', {});
    // BullMQ reports the job twice: it can neither finish it nor fail it.
    await waitUntil('the worker to report the missing job twice', 10_000, async () => reported.length >= 2);
    await worker.close();
    expect(reported.map((error) => error.message)).toEqual([expect.stringContaining(job.id!), expect.stringContaining(job.id!)]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, jobId: job.id, msg: expect.stringContaining('gone from Redis') });

    log(new Error('connection reset'));
    expect(lines.at(-1)).toMatchObject({ level: 50, msg: 'worker error' });
  });

  it('a failed attempt names the job, the attempt and the workspace, and never the data it carries', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', {}, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const worker = new Worker('vanishing', async () => { throw new Error('scoring broke'); }, { connection: workerSide, prefix: config.QUEUE_PREFIX });
    worker.on('failed', (job, error) => logJobFailure(logger, job, error));
    const job = await queue.add('batch', { workspaceId: 'ws-1', conversationIds: ['c-1', 'c-2'], text: 'a customer message' });
    await waitUntil('the failure to be logged', 10_000, async () => lines.length > 0);
    await worker.close();
    expect(lines[0]).toMatchObject({ level: 40, msg: 'job failed', jobId: job.id, attempt: 1, workspaceId: 'ws-1', err: { message: 'scoring broke' } });
    expect(JSON.stringify(lines[0])).not.toContain('a customer message');
  });
});

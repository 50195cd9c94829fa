import { Redis } from 'ioredis';

/**
 * Workers block on Redis and must never give up on a command, so BullMQ requires
 * maxRetriesPerRequest: null for them (BullMQ "going to production").
 */
export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: 'parley-worker' });
}

/**
 * The API must answer quickly while Redis is away: commands fail at once instead of queueing
 * offline, and the ingest path reports the job as not enqueued (the conversation is already stored).
 */
export function producerConnection(url: string): Redis {
  return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: 'parley-api' });
}

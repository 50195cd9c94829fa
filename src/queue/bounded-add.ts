import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { withinMs } from '../lib/within-ms';

const OPENING = new Set(['wait', 'connecting', 'connect']);

/**
 * Runs `add` (a BullMQ add) only on a ready connection and within `timeoutMs`. BullMQ itself waits
 * for a ready connection however long Redis is away, whatever enableOfflineQueue says, so a caller
 * would hang. A connection still being opened is given up to `openingWaitMs` (0: none); one that
 * lost Redis is refused at once. Throws on refusal or timeout; an add that lands after the timeout
 * is harmless, because job ids de-duplicate.
 */
export async function boundedAdd(connection: Redis, add: () => Promise<unknown>, timeoutMs: number, openingWaitMs = 0): Promise<void> {
  if (connection.status !== 'ready' && openingWaitMs > 0 && OPENING.has(connection.status)) {
    const done = new AbortController();
    await Promise.race([once(connection, 'ready', { signal: done.signal }), sleep(openingWaitMs, undefined, { signal: done.signal })]).catch(() => {});
    done.abort(); // drops the listener or the timer that lost the race
  }
  if ((connection.status as string) !== 'ready') throw new Error(`redis connection is ${connection.status}`);
  await withinMs(timeoutMs, add);
}

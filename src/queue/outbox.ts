import type { Queryable } from '../db/client';
import { oldestInOutbox, removeFromOutbox } from '../db/queries/score-outbox';
import type { BackgroundLane } from './background-lane';

const FLUSH_CHUNK = 100;

/**
 * Moves every job in the outbox to the background lane, oldest first, deleting each only after
 * BullMQ has it. Two processes flushing at once add a job twice at worst, and its id de-duplicates it.
 */
export async function flushOutbox(sql: Queryable, lane: BackgroundLane): Promise<number> {
  let moved = 0;
  for (;;) {
    const rows = await oldestInOutbox(sql, FLUSH_CHUNK);
    if (rows.length === 0) return moved;
    await lane.add(rows.map((row) => row.job));
    await removeFromOutbox(
      sql,
      rows.map((row) => row.id),
    );
    moved += rows.length;
  }
}

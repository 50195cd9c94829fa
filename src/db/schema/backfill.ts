import { bigint, bigserial, boolean, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ScoreBatchJob } from '../../queue/jobs';
import { workspaces } from './workspaces';

/**
 * How far the backfill of one input file has got, committed in the same transaction as the
 * conversations it covers: a killed import resumes right after the last batch it stored.
 */
export const backfillCheckpoints = pgTable(
  'backfill_checkpoints',
  {
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    // The file's size and a hash of its first 64 KiB: the same file wherever it is copied to.
    fileKey: text().notNull(),
    format: text().notNull(),
    path: text().notNull(),
    // Bytes of the (decompressed) input consumed up to the end of the last committed batch.
    bytesDone: bigint({ mode: 'number' }).notNull(),
    lineDone: bigint({ mode: 'number' }).notNull(),
    recordsDone: bigint({ mode: 'number' }).notNull(),
    rejected: bigint({ mode: 'number' }).notNull(),
    completedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.fileKey, t.format] })],
);

/**
 * Scoring jobs written in the transaction that stored their conversations, deleted once BullMQ has
 * them: a process killed between the commit and the enqueue leaves them here, not lost.
 */
export const scoreOutbox = pgTable('score_outbox', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  job: jsonb().$type<ScoreBatchJob>().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The reconciler's state of the release before per-version sweeps: read and written only by its
 * workers while a rollout replaces them. Drop it in the next release.
 */
export const reconcilerState = pgTable('reconciler_state', {
  id: boolean().primaryKey().default(true),
  scorerVersion: text().notNull(),
  queueEpoch: text().notNull(),
  cleanAt: timestamp({ withTimezone: true }),
  sweepUntil: timestamp({ withTimezone: true }),
  sweepAfter: uuid(),
});

/**
 * What the reconciler has checked, one row per scorer version that has run: a full search for
 * unscored conversations reads every conversation, so it runs only when jobs may have been lost or
 * a new scorer version wants them, and once every RECONCILE_SWEEP_HOURS as a safety net. Versions
 * running side by side (a rolling deploy, a canary) each keep their own sweep, so neither restarts
 * the other's.
 */
export const reconcilerSweeps = pgTable('reconciler_sweeps', {
  scorerVersion: text().primaryKey(),
  // The marker in Redis when this version's sweep last started: gone or changed means Redis lost
  // what it held since.
  queueEpoch: text().notNull(),
  // When this version's last complete sweep ended; null: none yet.
  cleanAt: timestamp({ withTimezone: true }),
  // A sweep is under way and may finish no earlier than this: conversations stored within the
  // grace period before a trigger are checked too.
  sweepUntil: timestamp({ withTimezone: true }),
  // Where the sweep's pass goes on from, in id order: a round does not queue again what the
  // previous round queued and the workers are still scoring.
  sweepAfter: uuid(),
});

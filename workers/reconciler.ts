import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DbHandle } from '../src/db/client';
import { readReconcilerState, saveReconcilerState } from '../src/db/queries/reconciler-state';
import { nextStale } from '../src/db/queries/rescore';
import type { Logger } from '../src/lib/logger';
import type { WorkerMetrics } from '../src/metrics/scoring';
import type { BackgroundLane } from '../src/queue/background-lane';
import { batchJobsByWorkspace } from '../src/queue/jobs';
import { flushOutbox } from '../src/queue/outbox';
import { logRoundFailure } from './round-failure';

const RECONCILE_LOCK = 0x70_72_65_63; // "prec"
// Conversations queued per round: enough to drain a lost queue quickly, few enough not to flood it.
const PER_ROUND = 2_000;
// With more jobs than this waiting, the queue is busy (a backfill, a re-score): the round is skipped,
// and nothing already queued is queued again.
const MAX_BACKLOG = 20;
// While a sweep has conversations left to look at, the next round comes as soon as the queue has
// drained, not a whole interval later: a million conversations are requeued at the workers' pace
// rather than at PER_ROUND an interval, and a sweep finding nothing walks them in seconds.
const CATCH_UP_MS = 500;

export interface Reconciler {
  stop(): Promise<void>;
}

export interface ReconcilerOptions {
  intervalMs: number;
  graceSeconds: number;
  /** A full sweep at least this often, even with no sign of a lost job. */
  sweepMs: number;
  scorerVersion: string;
}

export interface ReconcileRound {
  queued: number;
  outbox: number;
  /** Skipped: the queue had a backlog. */
  busy: boolean;
  /** The round was a step of a sweep for unscored conversations. */
  swept: boolean;
  /** The sweep has conversations left to look at. */
  more: boolean;
}

/**
 * One round: queues what the outbox holds (jobs the API or the importer could not queue), then,
 * when a sweep is due, one step of it (nextStale): of the next conversations in id order, up to
 * PER_ROUND stored at least `graceSeconds` ago without a score of `scorerVersion` for their current
 * revision. A sweep walks every conversation (2.2-2.8 s of Postgres in all at a million), so it runs
 * only when something may be unscored: the marker left in Redis is gone (a restart without
 * persistence, a flush), this scorer version has not run before, or `sweepMs` passed since its last
 * complete sweep. Each version keeps its own state, so old and new workers running side by side
 * during a deploy do not restart each other's sweep. Each step goes on after the last, so nothing
 * is queued twice while the workers catch up; the sweep ends with a pass that starts at least
 * `graceSeconds` after its trigger, so what was stored just before a trigger is checked too. An
 * advisory lock keeps rounds of several workers from overlapping; a duplicate job would only
 * rewrite the same score row.
 */
export async function reconcileOnce(database: DbHandle, lane: BackgroundLane, options: Omit<ReconcilerOptions, 'intervalMs'>): Promise<ReconcileRound | null> {
  return database.sql.begin(async (tx) => {
    const [lock] = await tx<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(${RECONCILE_LOCK}) as locked`;
    if (!lock?.locked) return null;
    const outbox = await flushOutbox(database.sql, lane);
    if ((await lane.backlog()) > MAX_BACKLOG) return { queued: 0, outbox, busy: true, swept: false, more: false };

    const { state, now } = await readReconcilerState(tx, options.scorerVersion);
    // The marker changes only when Redis lost it, so versions running side by side agree on it.
    const marker = await lane.queueEpoch();
    const queueEpoch = marker ?? randomUUID();
    if (marker === null) await lane.markQueueEpoch(queueEpoch);
    const graceEnds = now + options.graceSeconds * 1000;
    let sweep = state?.sweep ?? null;
    // A first round of this version, or what this sweep queued so far may be gone: a new pass.
    if (state === null || state.queueEpoch !== queueEpoch) sweep = { until: Math.max(sweep?.until ?? 0, graceEnds), after: null };
    else if (sweep === null && (state.cleanAt === null || now - state.cleanAt >= options.sweepMs)) sweep = { until: graceEnds, after: null };
    if (sweep === null) return { queued: 0, outbox, busy: false, swept: false, more: false };

    const scope = { workspaceId: null, since: null, until: null, updatedBefore: new Date(now - options.graceSeconds * 1000) };
    const { stale, next } = await nextStale(tx, scope, options.scorerVersion, sweep.after, PER_ROUND);
    await lane.add(batchJobsByWorkspace(stale));
    const clean = next === null && now >= sweep.until;
    await saveReconcilerState(tx, {
      scorerVersion: options.scorerVersion,
      queueEpoch,
      cleanAt: clean ? now : (state?.cleanAt ?? null),
      sweep: clean ? null : { until: sweep.until, after: next },
    });
    return { queued: stale.length, outbox, busy: false, swept: true, more: next !== null };
  });
}

/** Runs reconcileOnce every `intervalMs` until stopped. */
export function startReconciler(database: DbHandle, lane: BackgroundLane, logger: Logger, metrics: WorkerMetrics, options: ReconcilerOptions): Reconciler {
  const stopping = new AbortController();
  const loop = (async () => {
    let catchingUp = false;
    while (!stopping.signal.aborted) {
      await sleep(catchingUp ? CATCH_UP_MS : options.intervalMs, undefined, { signal: stopping.signal }).catch(() => {});
      if (stopping.signal.aborted) break;
      try {
        const round = await reconcileOnce(database, lane, options);
        // A busy round keeps catching up: the queue is draining what the last full round queued.
        if (round && !round.busy) catchingUp = round.more;
        const result = !round ? 'locked' : round.busy ? 'busy' : round.queued > 0 || round.outbox > 0 ? 'queued' : 'nothing';
        metrics.reconciled(result, round ? { conversations: round.queued, outboxJobs: round.outbox } : undefined);
        if (result === 'queued') logger.info(round, 'reconciler queued unscored conversations');
        else logger.debug({ result }, 'reconcile round');
      } catch (error) {
        metrics.reconciled('failed');
        logRoundFailure(logger, 'reconcile round', error);
      }
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}

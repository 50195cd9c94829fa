import type { Queryable } from '../client';

/** Times are epoch milliseconds: drizzle installs its own timestamp parsers on the shared client. */
export interface ReconcilerState {
  scorerVersion: string;
  queueEpoch: string;
  cleanAt: number | null;
  sweepUntil: number | null;
}

/** The reconciler's state (null before its first round) and the database's clock, which every process shares. */
export async function readReconcilerState(tx: Queryable): Promise<{ state: ReconcilerState | null; now: number }> {
  const [row] = await tx<{ now: number; scorer_version: string | null; queue_epoch: string; clean_at: number | null; sweep_until: number | null }[]>`
    select (extract(epoch from now()) * 1000)::float8 as now, s.scorer_version, s.queue_epoch,
           (extract(epoch from s.clean_at) * 1000)::float8 as clean_at, (extract(epoch from s.sweep_until) * 1000)::float8 as sweep_until
    from (select 1) as one left join reconciler_state s on true`;
  const state = row!.scorer_version === null ? null : { scorerVersion: row!.scorer_version, queueEpoch: row!.queue_epoch, cleanAt: row!.clean_at, sweepUntil: row!.sweep_until };
  return { state, now: row!.now };
}

const timestamp = (at: number | null) => (at === null ? null : new Date(at).toISOString());

export async function saveReconcilerState(tx: Queryable, state: ReconcilerState): Promise<void> {
  await tx`
    insert into reconciler_state (id, scorer_version, queue_epoch, clean_at, sweep_until)
    values (true, ${state.scorerVersion}, ${state.queueEpoch}, ${timestamp(state.cleanAt)}::timestamptz, ${timestamp(state.sweepUntil)}::timestamptz)
    on conflict (id) do update set scorer_version = excluded.scorer_version, queue_epoch = excluded.queue_epoch,
      clean_at = excluded.clean_at, sweep_until = excluded.sweep_until`;
}

import type { Queryable } from '../client';

/** A sweep under way: it ends no earlier than `until`, and its pass goes on after the id `after`. */
export interface Sweep {
  until: number;
  after: string | null;
}

/** Times are epoch milliseconds: drizzle installs its own timestamp parsers on the shared client. */
export interface ReconcilerState {
  scorerVersion: string;
  queueEpoch: string;
  cleanAt: number | null;
  sweep: Sweep | null;
}

interface StateRow {
  now: number;
  scorer_version: string | null;
  queue_epoch: string;
  clean_at: number | null;
  sweep_until: number | null;
  sweep_after: string | null;
}

/** The reconciler's state (null before its first round) and the database's clock, which every process shares. */
export async function readReconcilerState(tx: Queryable): Promise<{ state: ReconcilerState | null; now: number }> {
  const [row] = await tx<StateRow[]>`
    select (extract(epoch from now()) * 1000)::float8 as now, s.scorer_version, s.queue_epoch,
           (extract(epoch from s.clean_at) * 1000)::float8 as clean_at, (extract(epoch from s.sweep_until) * 1000)::float8 as sweep_until,
           s.sweep_after
    from (select 1) as one left join reconciler_state s on true`;
  const { now, scorer_version, queue_epoch, clean_at, sweep_until, sweep_after } = row!;
  if (scorer_version === null) return { state: null, now };
  return {
    state: { scorerVersion: scorer_version, queueEpoch: queue_epoch, cleanAt: clean_at, sweep: sweep_until === null ? null : { until: sweep_until, after: sweep_after } },
    now,
  };
}

const timestamp = (at: number | null) => (at === null ? null : new Date(at).toISOString());

export async function saveReconcilerState(tx: Queryable, state: ReconcilerState): Promise<void> {
  const { sweep } = state;
  await tx`
    insert into reconciler_state (id, scorer_version, queue_epoch, clean_at, sweep_until, sweep_after)
    values (true, ${state.scorerVersion}, ${state.queueEpoch}, ${timestamp(state.cleanAt)}::timestamptz, ${timestamp(sweep?.until ?? null)}::timestamptz,
            ${sweep?.after ?? null}::uuid)
    on conflict (id) do update set scorer_version = excluded.scorer_version, queue_epoch = excluded.queue_epoch, clean_at = excluded.clean_at,
      sweep_until = excluded.sweep_until, sweep_after = excluded.sweep_after`;
}

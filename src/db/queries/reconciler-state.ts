import type { Queryable } from '../client';

/** A sweep under way: it ends no earlier than `until`, and its pass goes on after the id `after`. */
export interface Sweep {
  until: number;
  after: string | null;
}

/** One scorer version's state. Times are epoch milliseconds: drizzle installs its own timestamp parsers on the shared client. */
export interface ReconcilerState {
  scorerVersion: string;
  queueEpoch: string;
  cleanAt: number | null;
  sweep: Sweep | null;
}

interface StateRow {
  now: number;
  queue_epoch: string | null;
  clean_at: number | null;
  sweep_until: number | null;
  sweep_after: string | null;
}

/** The state of `scorerVersion` (null before its first round) and the database's clock, which every process shares. */
export async function readReconcilerState(tx: Queryable, scorerVersion: string): Promise<{ state: ReconcilerState | null; now: number }> {
  const [row] = await tx<StateRow[]>`
    select (extract(epoch from now()) * 1000)::float8 as now, s.queue_epoch,
           (extract(epoch from s.clean_at) * 1000)::float8 as clean_at, (extract(epoch from s.sweep_until) * 1000)::float8 as sweep_until,
           s.sweep_after
    from (select 1) as one left join reconciler_sweeps s on s.scorer_version = ${scorerVersion}`;
  const { now, queue_epoch, clean_at, sweep_until, sweep_after } = row!;
  if (queue_epoch === null) return { state: null, now };
  return {
    state: { scorerVersion, queueEpoch: queue_epoch, cleanAt: clean_at, sweep: sweep_until === null ? null : { until: sweep_until, after: sweep_after } },
    now,
  };
}

const timestamp = (at: number | null) => (at === null ? null : new Date(at).toISOString());

export async function saveReconcilerState(tx: Queryable, state: ReconcilerState): Promise<void> {
  const { sweep } = state;
  await tx`
    insert into reconciler_sweeps (scorer_version, queue_epoch, clean_at, sweep_until, sweep_after)
    values (${state.scorerVersion}, ${state.queueEpoch}, ${timestamp(state.cleanAt)}::timestamptz, ${timestamp(sweep?.until ?? null)}::timestamptz,
            ${sweep?.after ?? null}::uuid)
    on conflict (scorer_version) do update set queue_epoch = excluded.queue_epoch, clean_at = excluded.clean_at,
      sweep_until = excluded.sweep_until, sweep_after = excluded.sweep_after`;
}

/**
 * Forgets the sweeps of every scorer version but `scorerVersion`: once their scores are pruned, a
 * rollback to one of them must sweep again to re-score what it lost, and starts one only if it has
 * no state. Returns the versions forgotten.
 */
export async function forgetOtherSweeps(sql: Queryable, scorerVersion: string): Promise<string[]> {
  const rows = await sql<{ scorer_version: string }[]>`delete from reconciler_sweeps where scorer_version <> ${scorerVersion} returning scorer_version`;
  return rows.map((r) => r.scorer_version);
}

import { Counter, Histogram, type Registry } from 'prom-client';
import type { StageRunner } from '../scoring';

export type JobOutcome = 'completed' | 'failed' | 'held';
/** Live jobs (the API's) carry no priority; backfill and re-scoring jobs do. */
export type JobLane = 'live' | 'background';
export type ReconcileResult = 'queued' | 'nothing' | 'busy' | 'locked' | 'failed';

/** What a worker process reports about its jobs, the scorer and its reconciler. */
export interface WorkerMetrics {
  /** Times each scoring stage into parley_scoring_stage_seconds_total. */
  stage: StageRunner;
  job(name: string, lane: JobLane, outcome: JobOutcome, seconds?: number): void;
  scored(conversations: number): void;
  reconciled(result: ReconcileResult, queued?: { conversations: number; outboxJobs: number }): void;
}

export function workerMetrics(registry: Registry): WorkerMetrics {
  const registers = [registry];
  const jobs = new Counter({
    name: 'parley_jobs_total',
    help: 'Scoring job attempts in this process by job name, lane (live: posted to the API; background: backfill and re-scoring) and outcome (failed: the attempt failed, retried while attempts remain; held: Postgres was away and the job went back to waiting).',
    labelNames: ['name', 'lane', 'outcome'],
    registers,
  });
  const jobSeconds = new Histogram({
    name: 'parley_job_duration_seconds',
    help: 'Time to process one scoring job (load, score, store), by job name and lane.',
    labelNames: ['name', 'lane'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const scored = new Counter({ name: 'parley_conversations_scored_total', help: 'Conversations scored and stored by this process.', registers });
  // Stages run ~11 times a conversation: summed in a map, handed to the counter at scrape time.
  const spentMs = new Map<string, number>();
  new Counter({
    name: 'parley_scoring_stage_seconds_total',
    help: "CPU time the pure scorer spent in each stage; rate() over it is each stage's share of a core.",
    labelNames: ['stage'],
    registers,
    collect() {
      for (const [stage, ms] of spentMs) this.inc({ stage }, ms / 1000);
      spentMs.clear();
    },
  });
  const rounds = new Counter({
    name: 'parley_reconciler_rounds_total',
    help: 'Reconciler rounds by result (busy: skipped because the queue has a backlog; locked: another process held the round).',
    labelNames: ['result'],
    registers,
  });
  const requeued = new Counter({
    name: 'parley_reconciler_queued_total',
    help: 'What the reconciler queued: conversations stored but unscored by the current scorer version, and backfill jobs left in the outbox.',
    labelNames: ['kind'],
    registers,
  });
  return {
    stage(name, run) {
      const started = performance.now();
      try {
        return run();
      } finally {
        spentMs.set(name, (spentMs.get(name) ?? 0) + performance.now() - started);
      }
    },
    job(name, lane, outcome, seconds) {
      jobs.inc({ name, lane, outcome });
      if (seconds !== undefined) jobSeconds.observe({ name, lane }, seconds);
    },
    scored: (n) => scored.inc(n),
    reconciled(result, queued) {
      rounds.inc({ result });
      if (queued?.conversations) requeued.inc({ kind: 'conversations' }, queued.conversations);
      if (queued?.outboxJobs) requeued.inc({ kind: 'outbox_jobs' }, queued.outboxJobs);
    },
  };
}

import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import { withinMs } from '../lib/within-ms';

const READ_TIMEOUT_MS = 1_000;
const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

/**
 * Queue depth by state and the age of the oldest job waiting in each lane, read from Redis at
 * scrape time. Every process that reports them reads the same queue: aggregate with max(), not sum().
 * A scrape while Redis is away leaves these series out (absent() alerts on that) rather than failing.
 */
export function registerQueueMetrics(registry: Registry, queue: Queue): void {
  new Gauge({
    name: 'parley_queue_jobs',
    help: 'Scoring jobs in the queue by state (prioritized: the background lane of backfills and re-scores).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await withinMs(READ_TIMEOUT_MS, () => queue.getJobCounts(...STATES)).catch(() => null);
      if (counts) for (const state of STATES) this.set({ state }, counts[state] ?? 0);
    },
  });
  new Gauge({
    name: 'parley_queue_oldest_waiting_seconds',
    help: 'Age of the oldest job waiting to be scored, by lane (live: API posts; background: backfill, re-score, reconciler). 0 when none waits.',
    labelNames: ['lane'],
    registers: [registry],
    async collect() {
      this.reset();
      const oldest = async (type: 'wait' | 'prioritized') => {
        const [job] = await queue.getJobs([type], 0, 0, true);
        return job ? Math.max(0, (Date.now() - job.timestamp) / 1000) : 0;
      };
      const ages = await withinMs(READ_TIMEOUT_MS, () => Promise.all([oldest('wait'), oldest('prioritized')])).catch(() => null);
      if (ages) {
        this.set({ lane: 'live' }, ages[0]);
        this.set({ lane: 'background' }, ages[1]);
      }
    },
  });
}

/**
 * V8's old-space cap for Parley's long-lived processes, in MB, passed as --max-old-space-size when
 * they start. Left to itself V8 lets garbage pile up to several times the live heap before a full
 * collection (a worker reached 460 MB scoring a backfill with under 100 MB live); capped, it
 * collects sooner for about 10% more CPU. docs/backfill.md has the measurements.
 */
export const HEAP_LIMIT_MB = { worker: 256, backfill: 192 } as const;

export const heapFlag = (kind: keyof typeof HEAP_LIMIT_MB) => `--max-old-space-size=${HEAP_LIMIT_MB[kind]}`;

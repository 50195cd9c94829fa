/**
 * V8 heap settings for Parley's long-lived processes, passed to node when they start. Left to
 * itself V8 lets garbage pile up to several times the live heap before a full collection (a worker
 * reached 460 MB scoring a backfill with under 100 MB live): the old space is capped. Scoring makes
 * short-lived garbage by the megabyte, and so does reading, validating and redacting an import: both
 * young spaces are widened, which saved a fifth of the worker's CPU and a sixth of the importer's.
 * docs/backfill.md has the measurements. The API's requests live through a group commit, tens of
 * milliseconds under load, so each young collection copies the fifty or so in flight: its young
 * space is widened furthest, because each doubling halves how often that copy is made
 * (docs/operations.md).
 */
const HEAP_FLAGS = {
  api: ['--max-semi-space-size=64'],
  worker: ['--max-old-space-size=256', '--max-semi-space-size=32'],
  backfill: ['--max-old-space-size=192', '--max-semi-space-size=32'],
} as const;

export const heapFlags = (kind: keyof typeof HEAP_FLAGS): string[] => [...HEAP_FLAGS[kind]];

import type { DbHandle, Queryable } from '../db/client';
import { isDatabaseUnavailable } from '../db/errors';
import { storeBatch, type ImportedRef, type ImportItem } from '../db/queries/bulk-import';
import type { ScoreJob } from '../queue/jobs';
import type { ScoreQueue } from '../queue/score-queue';

export interface WriteOutcome {
  refs: ImportedRef[];
  /** false when the scoring jobs could not be queued; the conversations are stored all the same. */
  enqueued: boolean;
}

export interface GroupWriter {
  /** Stores one request's conversations durably, then queues their scoring. */
  write(workspaceId: string, items: ImportItem[]): Promise<WriteOutcome>;
}

interface Pending {
  workspaceId: string;
  items: ImportItem[];
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

// Two flushes overlap, so one slow commit does not hold every request; more made smaller groups
// and measured slower (bench:api: 2 → 803, 4 → ~780, 8 → 692 posts/s). The rest of the pool is
// left for reads and authentication.
const CONCURRENT_FLUSHES = 2;

const keyOf = (item: ImportItem) => `${item.conversation.source}\u0000${item.conversation.externalId}`;

/**
 * Runs of one workspace's items without a repeated (source, external id): one statement cannot
 * write a row twice, and a repeat must see what the item before it stored.
 */
function runsWithoutRepeats(items: ImportItem[]): ImportItem[][] {
  const runs: ImportItem[][] = [];
  let keys = new Set<string>();
  for (const item of items) {
    if (runs.length === 0 || keys.has(keyOf(item))) {
      runs.push([]);
      keys = new Set();
    }
    keys.add(keyOf(item));
    runs.at(-1)!.push(item);
  }
  return runs;
}

/**
 * Group commit for the API. Requests that arrive while earlier writes are in flight are stored
 * together: one upsert statement (messages inline) and one commit for all of them, and their jobs
 * queued with one call. Under load this turns fifty commits and fifty queue round trips into one
 * each; an idle API writes a lone request at once. A request is answered only after the commit that
 * holds it, so 202 still means stored. A write that fails for another reason than an unavailable
 * database is retried request by request, so one bad request cannot fail its neighbours.
 */
export function createGroupWriter(database: DbHandle, queue: ScoreQueue): GroupWriter {
  let waiting: Pending[] = [];
  let flushing = 0;

  async function store(sql: Queryable, group: Pending[]): Promise<ImportedRef[][]> {
    const outcomes: ImportedRef[][] = group.map(() => []);
    const byWorkspace = new Map<string, number[]>();
    group.forEach((p, i) => byWorkspace.set(p.workspaceId, [...(byWorkspace.get(p.workspaceId) ?? []), i]));
    for (const [workspaceId, members] of byWorkspace) {
      const items = members.flatMap((i) => group[i]!.items.map((item) => ({ item, owner: i })));
      let offset = 0;
      for (const run of runsWithoutRepeats(items.map((x) => x.item))) {
        const refs = await storeBatch(sql, workspaceId, run, 'inline');
        refs.forEach((ref, k) => outcomes[items[offset + k]!.owner]!.push(ref));
        offset += run.length;
      }
    }
    return outcomes;
  }

  /** One statement needs no transaction; several (workspaces, repeats) share one. */
  function statementsOf(group: Pending[]): number {
    const byWorkspace = new Map<string, ImportItem[]>();
    for (const p of group) byWorkspace.set(p.workspaceId, [...(byWorkspace.get(p.workspaceId) ?? []), ...p.items]);
    return [...byWorkspace.values()].reduce((n, items) => n + runsWithoutRepeats(items).length, 0);
  }

  async function commit(group: Pending[]): Promise<void> {
    const refs = statementsOf(group) === 1 ? await store(database.sql, group) : await database.sql.begin((tx) => store(tx, group));
    const jobs: ScoreJob[][] = group.map((p, i) => refs[i]!.map((ref) => ({ workspaceId: p.workspaceId, conversationId: ref.id, revision: ref.revision })));
    // Unchanged conversations are queued too: the job id de-duplicates them if scoring is under
    // way, and re-scores them if an earlier enqueue was lost.
    const enqueued = await queue.enqueue(jobs.flat());
    group.forEach((p, i) => p.resolve({ refs: refs[i]!, enqueued }));
  }

  async function flush(): Promise<void> {
    flushing++;
    try {
      while (waiting.length > 0) {
        const group = waiting;
        waiting = [];
        try {
          await commit(group);
        } catch (error) {
          if (group.length === 1 || isDatabaseUnavailable(error)) group.forEach((p) => p.reject(error));
          else await Promise.all(group.map((p) => commit([p]).catch((own: unknown) => p.reject(own))));
        }
      }
    } finally {
      flushing--;
    }
  }

  return {
    write(workspaceId, items) {
      return new Promise<WriteOutcome>((resolve, reject) => {
        waiting.push({ workspaceId, items, resolve, reject });
        if (flushing < CONCURRENT_FLUSHES) void flush();
      });
    },
  };
}

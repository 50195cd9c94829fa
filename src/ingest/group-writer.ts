import type { DbHandle, Queryable } from '../db/client';
import { isDatabaseUnavailable } from '../db/errors';
import { storeBatch, type ImportedRef, type ImportItem } from '../db/queries/bulk-import';
import { addToOutbox } from '../db/queries/score-outbox';
import { batchJobsByWorkspace } from '../queue/jobs';
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
// and measured slower (bench:api: 2 → 803, 4 → ~780, 8 → 692 posts/s; later, 3 gave p99 96-98 ms
// where 2 gave 78-84). The rest of the pool is left for reads and authentication.
const CONCURRENT_FLUSHES = 2;

interface Owned {
  item: ImportItem;
  /** Which request of the group it came from. */
  owner: number;
}

/** One upsert statement: items of one workspace, no (source, external id) twice. */
interface Statement {
  workspaceId: string;
  items: Owned[];
}

const keyOf = ({ item }: Owned) => `${item.conversation.source}\u0000${item.conversation.externalId}`;

/**
 * The statements that store a group, in arrival order within each workspace. A repeated key starts
 * a new statement: one statement cannot write a row twice, and the repeat must see what the item
 * before it stored.
 */
function plan(group: Pending[]): Statement[] {
  const byWorkspace = new Map<string, Owned[]>();
  group.forEach((p, owner) => {
    const items = byWorkspace.get(p.workspaceId) ?? [];
    for (const item of p.items) items.push({ item, owner });
    byWorkspace.set(p.workspaceId, items);
  });
  const statements: Statement[] = [];
  for (const [workspaceId, items] of byWorkspace) {
    let keys = new Set<string>();
    let current: Statement | undefined;
    for (const owned of items) {
      if (!current || keys.has(keyOf(owned))) {
        current = { workspaceId, items: [] };
        statements.push(current);
        keys = new Set();
      }
      keys.add(keyOf(owned));
      current.items.push(owned);
    }
  }
  return statements;
}

/**
 * Group commit for the API. Requests that arrive while earlier writes are in flight are stored
 * together: one upsert statement and one commit for all of them, and one scoring job per workspace
 * queued for them. Under load this turns fifty commits and fifty queue round trips into one
 * each; an idle API writes a lone request at once. A request is answered only after the commit that
 * holds it, so 202 still means stored. A write that fails for another reason than an unavailable
 * database is retried request by request, so one bad request cannot fail its neighbours.
 */
export function createGroupWriter(database: DbHandle, queue: ScoreQueue): GroupWriter {
  let waiting: Pending[] = [];
  let flushing = 0;

  async function store(sql: Queryable, statements: Statement[], requests: number): Promise<ImportedRef[][]> {
    const outcomes: ImportedRef[][] = Array.from({ length: requests }, () => []);
    for (const { workspaceId, items } of statements) {
      const refs = await storeBatch(
        sql,
        workspaceId,
        items.map(({ item }) => item),
      );
      refs.forEach((ref, k) => outcomes[items[k]!.owner]!.push(ref));
    }
    return outcomes;
  }

  async function commit(group: Pending[]): Promise<void> {
    const statements = plan(group);
    // One statement needs no transaction; several (workspaces, repeats) share one.
    const refs =
      statements.length === 1 ? await store(database.sql, statements, group.length) : await database.sql.begin((tx) => store(tx, statements, group.length));
    // One job per workspace for the group, not one per conversation: BullMQ costs the API about
    // 50 µs of CPU a job (docs/operations.md). What is unchanged and already scored is not queued.
    const jobs = batchJobsByWorkspace(
      group.flatMap((p, i) => refs[i]!.filter((ref) => ref.needsScoring).map((ref) => ({ workspaceId: p.workspaceId, id: ref.id, revision: ref.revision }))),
    );
    const enqueued = await queue.enqueue(jobs);
    // Redis did not take them: the outbox keeps them until a reconciler round, which flushes it
    // every RECONCILE_INTERVAL_MS, queues them. Should even that fail, the periodic sweep finds them.
    if (!enqueued) await addToOutbox(database.sql, jobs).catch(() => {});
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

import { contentHash } from './content-hash';
import { conversationSchema, toFieldIssues, type Conversation, type FieldIssue } from '../contract/conversation';
import type { Database } from '../db/client';
import { upsertConversation, type StoreStatus } from '../db/queries/conversations';
import { ensureWorkspace } from '../db/queries/workspaces';
import type { ScoreJob } from '../queue/jobs';
import type { ScoreQueue } from '../queue/score-queue';

export type ItemResult =
  | { index: number; status: StoreStatus; id: string; externalId: string; revision: number }
  | { index: number; status: 'rejected'; errors: FieldIssue[] };

export interface IngestOutcome {
  results: ItemResult[];
  accepted: number;
  /** false when the scoring jobs could not be queued; the conversations are stored all the same. */
  enqueued: boolean;
}

export interface IngestDeps {
  db: Database;
  queue: ScoreQueue;
}

/**
 * Validates every item on its own, stores all valid ones in one transaction, and only after the
 * commit enqueues their scoring. Invalid items never block valid neighbours; a storage failure
 * stores nothing (the transaction rolls back) and is thrown to the caller.
 */
export async function ingestConversations(
  deps: IngestDeps,
  items: unknown[],
  fieldPrefix: (index: number) => string,
): Promise<IngestOutcome> {
  const results: ItemResult[] = new Array(items.length);
  const valid: { index: number; conversation: Conversation }[] = [];
  items.forEach((item, index) => {
    const parsed = conversationSchema.safeParse(item);
    if (parsed.success) valid.push({ index, conversation: parsed.data });
    else results[index] = { index, status: 'rejected', errors: toFieldIssues(parsed.error, fieldPrefix(index)) };
  });

  const jobs: ScoreJob[] = [];
  if (valid.length > 0) {
    await deps.db.transaction(async (tx) => {
      const workspaceIds = new Map<string, string>();
      for (const { index, conversation } of valid) {
        let workspaceId = workspaceIds.get(conversation.workspace);
        if (!workspaceId) {
          workspaceId = await ensureWorkspace(tx, conversation.workspace);
          workspaceIds.set(conversation.workspace, workspaceId);
        }
        const stored = await upsertConversation(tx, workspaceId, conversation, contentHash(conversation));
        results[index] = { index, status: stored.status, id: stored.id, externalId: conversation.externalId, revision: stored.revision };
        jobs.push({ workspaceId, conversationId: stored.id, revision: stored.revision });
      }
    });
  }

  // Unchanged conversations are enqueued too: the job id de-duplicates them if scoring is under way,
  // and re-scores them if an earlier enqueue was lost.
  const enqueued = await deps.queue.enqueue(jobs);
  return { results, accepted: valid.length, enqueued };
}

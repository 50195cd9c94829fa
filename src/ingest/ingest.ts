import type { FieldIssue } from '../contract/conversation';
import type { Database } from '../db/client';
import { upsertConversation, type StoreStatus } from '../db/queries/conversations';
import type { RedactionCounts } from '../privacy/redact';
import type { ScoreJob } from '../queue/jobs';
import type { ScoreQueue } from '../queue/score-queue';
import { prepareConversation, type IngestWorkspace, type Prepared } from './prepare';

export type ItemResult =
  | { index: number; status: StoreStatus; id: string; externalId: string; revision: number; redacted: RedactionCounts }
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
 * Validates every item on its own, redacts personal data from the valid ones, stores them all in
 * one transaction, and only after the commit enqueues their scoring. Invalid items never block
 * valid neighbours; a storage failure stores nothing (the transaction rolls back) and is thrown.
 * An item may name its workspace; it must then be the caller's.
 */
export async function ingestConversations(
  deps: IngestDeps,
  workspace: IngestWorkspace,
  items: unknown[],
  fieldPrefix: (index: number) => string,
): Promise<IngestOutcome> {
  const results: ItemResult[] = new Array(items.length);
  const valid: (Extract<Prepared, { ok: true }> & { index: number })[] = [];
  items.forEach((item, index) => {
    const prepared = prepareConversation(item, workspace, fieldPrefix(index));
    if (prepared.ok) valid.push({ ...prepared, index });
    else results[index] = { index, status: 'rejected', errors: prepared.errors };
  });

  const jobs: ScoreJob[] = [];
  if (valid.length > 0) {
    await deps.db.transaction(async (tx) => {
      for (const { index, conversation, contentHash, redacted } of valid) {
        const stored = await upsertConversation(tx, workspace.id, conversation, contentHash);
        results[index] = { index, status: stored.status, id: stored.id, externalId: conversation.externalId, revision: stored.revision, redacted };
        jobs.push({ workspaceId: workspace.id, conversationId: stored.id, revision: stored.revision });
      }
    });
  }

  // Unchanged conversations are enqueued too: the job id de-duplicates them if scoring is under way,
  // and re-scores them if an earlier enqueue was lost.
  const enqueued = await deps.queue.enqueue(jobs);
  return { results, accepted: valid.length, enqueued };
}

import { contentHash } from './content-hash';
import { conversationSchema, fieldPath, toFieldIssues, type Conversation, type FieldIssue } from '../contract/conversation';
import type { Database } from '../db/client';
import type { Caller } from '../db/queries/api-keys';
import { upsertConversation, type StoreStatus } from '../db/queries/conversations';
import { redactConversation, type RedactionCounts } from '../privacy/redact';
import type { ScoreJob } from '../queue/jobs';
import type { ScoreQueue } from '../queue/score-queue';

export type ItemResult =
  | { index: number; status: StoreStatus; id: string; externalId: string; revision: number; redacted: RedactionCounts }
  | { index: number; status: 'rejected'; errors: FieldIssue[] };

/** The workspace conversations are stored in, with its redaction settings. */
export type IngestWorkspace = Caller['workspace'];

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
  const valid: { index: number; conversation: Conversation; redacted: RedactionCounts }[] = [];
  items.forEach((item, index) => {
    const parsed = conversationSchema.safeParse(item);
    if (!parsed.success) {
      results[index] = { index, status: 'rejected', errors: toFieldIssues(parsed.error, fieldPrefix(index)) };
    } else if (parsed.data.workspace !== undefined && parsed.data.workspace !== workspace.slug) {
      const field = fieldPath(['workspace'], fieldPrefix(index));
      results[index] = { index, status: 'rejected', errors: [{ field, message: `must be the API key's workspace ("${workspace.slug}") or left out` }] };
    } else {
      const { conversation, redacted } = redactConversation(parsed.data, workspace.redaction, workspace.pseudonymKey);
      valid.push({ index, conversation: { ...conversation, workspace: workspace.slug }, redacted });
    }
  });

  const jobs: ScoreJob[] = [];
  if (valid.length > 0) {
    await deps.db.transaction(async (tx) => {
      for (const { index, conversation, redacted } of valid) {
        const stored = await upsertConversation(tx, workspace.id, conversation, contentHash(conversation));
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

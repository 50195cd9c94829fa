import type { FieldIssue } from '../contract/conversation';
import type { StoreStatus } from '../db/queries/conversations';
import type { RedactionCounts } from '../privacy/redact';
import type { GroupWriter } from './group-writer';
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
  writer: GroupWriter;
}

/**
 * Validates every item on its own, redacts personal data from the valid ones, and has the group
 * writer store them all at once and then queue their scoring. Invalid items never block valid
 * neighbours; a storage failure stores nothing (the transaction rolls back) and is thrown. An item
 * may name its workspace; it must then be the caller's.
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
  if (valid.length === 0) return { results, accepted: 0, enqueued: true };

  const { refs, enqueued } = await deps.writer.write(
    workspace.id,
    valid.map(({ conversation, contentHash, messagesJson }) => ({ conversation, contentHash, messagesJson })),
  );
  valid.forEach(({ index, conversation, redacted }, i) => {
    const { id, revision, status } = refs[i]!;
    results[index] = { index, status, id, externalId: conversation.externalId, revision, redacted };
  });
  return { results, accepted: valid.length, enqueued };
}

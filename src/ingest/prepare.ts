import { hashConversation, type HashedConversation } from './content-hash';
import { conversationSchema, fieldPath, toFieldIssues, type Conversation, type FieldIssue } from '../contract/conversation';
import type { Caller } from '../db/queries/api-keys';
import { redactConversation, type RedactionCounts } from '../privacy/redact';

/** The workspace conversations are stored in, with its redaction settings. */
export type IngestWorkspace = Caller['workspace'];

export type Prepared =
  | ({ ok: true; conversation: Conversation; redacted: RedactionCounts } & HashedConversation)
  | { ok: false; errors: FieldIssue[] };

/**
 * What the API and the backfill both do to one incoming conversation before storing it: validate
 * it with the contract, check the workspace it names, redact personal data, hash the result.
 */
export function prepareConversation(item: unknown, workspace: IngestWorkspace, fieldPrefix = ''): Prepared {
  const parsed = conversationSchema.safeParse(item);
  if (!parsed.success) return { ok: false, errors: toFieldIssues(parsed.error, fieldPrefix) };
  if (parsed.data.workspace !== undefined && parsed.data.workspace !== workspace.slug) {
    const field = fieldPath(['workspace'], fieldPrefix);
    return { ok: false, errors: [{ field, message: `must be the target workspace ("${workspace.slug}") or left out` }] };
  }
  const { conversation, redacted } = redactConversation(parsed.data, workspace.redaction, workspace.pseudonymKey);
  const stored = { ...conversation, workspace: workspace.slug };
  return { ok: true, conversation: stored, ...hashConversation(stored), redacted };
}

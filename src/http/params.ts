import { z } from 'zod';
import { fieldPath } from '../contract/conversation';
import type { Database } from '../db/client';
import { findWorkspaceId } from '../db/queries/workspaces';
import { ApiError } from './errors';

/** Validates query parameters with a zod schema, answering 400 with the parameter's name. */
export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>): z.output<T> {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message }));
  throw new ApiError('invalid_parameter', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

/**
 * The caller's workspace. Until API keys exist (issue 4) it is named by the `workspace` parameter;
 * an unknown one answers 404 exactly as an unknown conversation does.
 */
export async function resolveWorkspace(db: Database, slug: string): Promise<string> {
  const id = await findWorkspaceId(db, slug);
  if (!id) throw new ApiError('not_found', 'no such resource');
  return id;
}

import { z } from 'zod';
import { fieldPath, toFieldIssues } from '../contract/conversation';
import type { Caller } from '../db/queries/api-keys';
import { isTimeZone, startOfLocalDay } from '../lib/time-zone';
import { pseudonymousCustomerId } from '../privacy/redact';
import { PII_TYPES } from '../privacy/settings';
import { ApiError } from './errors';

/**
 * Validates query parameters with a zod schema, answering 400 with the parameter's name (after
 * `prefix`, e.g. "a."). A NUL in any parameter, named or not (attr.KEY), is refused first:
 * Postgres cannot take it, and it is never meaningful.
 */
export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>, prefix = ''): z.output<T> {
  for (const [name, value] of Object.entries(query)) {
    if (value.includes('\u0000') || name.includes('\u0000')) throw ApiError.field('invalid_parameter', prefix + name, 'must not contain NUL characters');
  }
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({ field: prefix + fieldPath(issue.path), message: issue.message }));
  throw new ApiError('invalid_parameter', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

/** Validates a JSON body, answering 422 with every offending field. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const errors = toFieldIssues(parsed.error);
  throw new ApiError('validation_failed', `${errors.length} field(s) failed validation`, errors);
}

export const dateOrInstant = z.union([
  z.iso.date(),
  z.iso.datetime({ offset: true, message: 'must be a date (2026-03-01) or an ISO 8601 date-time with a time zone' }),
]);

/** Absent: the workspace's reporting time zone (UTC unless it chose one). */
export const timeZoneParam = z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Lisbon').optional();

/** A bare date means local midnight in the requested time zone. */
export function instant(value: string, timeZone: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? startOfLocalDay(value, timeZone) : new Date(value);
}

const ALL_PII = new Set(PII_TYPES);

/**
 * The forms a customer id may be stored under: as sent, and pseudonymised if it is personal data
 * (whichever redaction setting was in force when each conversation arrived).
 */
export function customerIdForms(customerId: string, workspace: Caller['workspace']): string[] {
  return [...new Set([customerId, pseudonymousCustomerId(customerId, ALL_PII, workspace.pseudonymKey)])];
}

/** Opaque list cursors: the last row's (startedAt, id). A tampered cursor is a 400, never a 500. */
export const pageCursor = {
  encode: (row: { startedAt: Date; id: string }) => Buffer.from(`${row.startedAt.toISOString()}|${row.id}`).toString('base64url'),
  decode(cursor: string): { startedAt: Date; id: string } {
    const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    const startedAt = new Date(at ?? '');
    if (Number.isNaN(startedAt.getTime()) || !z.uuid().safeParse(id).success) {
      throw ApiError.field('invalid_parameter', 'cursor', 'is not a cursor this API returned');
    }
    return { startedAt, id: id! };
  },
};

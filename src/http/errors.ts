import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldIssue } from '../contract/conversation';

/** Every error code the API can answer with, and its HTTP status. docs/api.md lists them. */
export const ERROR_STATUS = {
  invalid_json: 400,
  invalid_parameter: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static field(code: ErrorCode, field: string, message: string): ApiError {
    return new ApiError(code, `${field}: ${message}`, [{ field, message }]);
  }
}

const TITLES: Record<ErrorCode, string> = {
  invalid_json: 'The body is not valid JSON',
  invalid_parameter: 'A query or path parameter is invalid',
  unauthorized: 'A valid API key is required',
  forbidden: 'The API key lacks the scope this call needs',
  not_found: 'Not found',
  conflict: 'Not possible in the current state',
  payload_too_large: 'The body is too large',
  unsupported_media_type: 'The body must be application/json',
  validation_failed: 'The body does not match the contract',
  rate_limited: 'Too many requests for this API key',
  internal_error: 'Internal error',
  service_unavailable: 'A backing service is unavailable',
};

/** RFC 9457 problem details, with `code`, the first offending `field` and all `errors`. */
export function problem(c: Context, error: ApiError): Response {
  const status = ERROR_STATUS[error.code];
  const body = {
    type: `/problems/${error.code}`,
    title: TITLES[error.code],
    status,
    code: error.code,
    detail: error.message,
    field: error.errors[0]?.field ?? null,
    errors: error.errors,
    requestId: c.get('requestId') as string | undefined,
  };
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/problem+json' });
}

import { DrizzleQueryError } from 'drizzle-orm/errors';

/**
 * Errors as they may be logged or kept in the queue: drizzle's "Failed query: … params: …" message
 * carries the statement's parameters (conversation text, score evidence), so such an error is
 * reduced to its SQL and its cause, and stacks lose the message line that repeated it. (The
 * driver's own errors keep their parameters in non-enumerable properties, which nothing prints.)
 */
const MAX_CAUSES = 5;

function hasParams(error: Error): boolean {
  return error instanceof DrizzleQueryError || error.message.startsWith('Failed query:');
}

/** The error's own message, with query parameters withheld. */
export function safeMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (!hasParams(error)) return error.message;
  const query = (error as { query?: unknown }).query;
  return `query failed (parameters withheld)${typeof query === 'string' ? `: ${query.slice(0, 300)}` : ''}`;
}

/** The innermost cause's message: what actually went wrong, never the parameters. */
export function rootCauseMessage(error: unknown): string {
  let e: unknown = error;
  for (let depth = 0; depth < MAX_CAUSES && e instanceof Error && e.cause !== undefined; depth++) e = e.cause;
  return safeMessage(e);
}

const frames = (stack: string | undefined) => (stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).join('\n');

/** pino's `err` serializer: type, message, code, stack frames, and the same for each cause. */
export function logSafeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const out: Record<string, unknown> = { type: error.name, message: safeMessage(error), stack: frames(error.stack) };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  let cause: unknown = error.cause;
  const causes: Record<string, unknown>[] = [];
  for (let depth = 0; depth < MAX_CAUSES && cause !== undefined; depth++) {
    causes.push({ type: cause instanceof Error ? cause.name : typeof cause, message: safeMessage(cause), code: (cause as { code?: unknown })?.code });
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  if (causes.length) out.causes = causes;
  return out;
}

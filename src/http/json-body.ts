import type { Context } from 'hono';
import { ApiError } from './errors';

/** Parses a JSON body, answering 415 for another media type and 400 for malformed JSON. */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError('unsupported_media_type', 'send the body with content-type: application/json');
  }
  try {
    return JSON.parse(await c.req.text());
  } catch {
    throw new ApiError('invalid_json', 'the body could not be parsed as JSON');
  }
}

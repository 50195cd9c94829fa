import { isObject, jsonFormat, type Mapped } from './types';

/** A conversation exactly as POST /v1/conversations takes it, or a whole request body ({ conversations: [...] }). */
function mapParley(value: unknown): Mapped[] {
  if (isObject(value) && Array.isArray(value.conversations)) return value.conversations.map((input) => ({ ok: true, input }));
  return [{ ok: true, input: value }];
}

// Never recognised: it is the fallback for any JSON, and the contract's errors then say what is missing.
export const parleyJsonl = jsonFormat('parley', mapParley, () => false);

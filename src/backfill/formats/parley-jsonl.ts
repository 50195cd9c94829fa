import { isObject, jsonRecords, type Format, type Mapped } from './types';

/** A conversation exactly as POST /v1/conversations takes it, or a whole request body ({ conversations: [...] }). */
function mapParley(value: unknown): Mapped[] {
  if (isObject(value) && Array.isArray(value.conversations)) return value.conversations.map((input) => ({ ok: true, input }));
  return [{ ok: true, input: value }];
}

export const parleyJsonl: Format = {
  name: 'parley',
  headerLines: 0,
  records: (input) => jsonRecords(input, mapParley),
  // The fallback for any JSON lines: the contract's errors then say what is missing.
  sniff: () => false,
};

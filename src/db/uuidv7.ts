import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let sequence = 0;
// Random bytes for 256 ids at a time, as crypto.randomUUID() keeps them: one call to the CSPRNG
// per id was a fiftieth of the importer's CPU.
const entropy = Buffer.alloc(16 * 256);
let used = entropy.length;

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits, with a 12-bit
 * counter in rand_a keeping ids made in the same millisecond in order. Ids made one after another
 * sort after each other, so a bulk import appends to the primary-key indexes of conversations and
 * messages instead of touching a random page of each per row (random v4 ids made a 2 GB import
 * slow to a third of its speed once the indexes outgrew shared_buffers).
 */
export function uuidv7(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMs += 1;
    sequence = 0;
  }
  if (used === entropy.length) {
    randomFillSync(entropy);
    used = 0;
  }
  const bytes = entropy.subarray(used, (used += 16));
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

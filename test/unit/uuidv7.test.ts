import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/db/uuidv7';

describe('uuidv7', () => {
  it('makes RFC 9562 version 7 ids that sort in the order they were made, within and across milliseconds', () => {
    const ids = [...Array.from({ length: 5_000 }, () => uuidv7(1_700_000_000_000)), uuidv7(1_700_000_000_001), uuidv7()];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // The first 48 bits are the milliseconds: 1,700,000,000,000 is 0x018bcfe56800.
    expect(ids[0]!.slice(0, 13)).toBe('018bcfe5-6800');
  });
});

/**
 * Feature hash -> row, by open addressing over a typed array. Most 32-bit hashes are above V8's
 * small-integer range, which makes them slow Map keys; this table keeps lookups allocation-free.
 * Each slot holds the hash and its row side by side, so a probe touches one cache line, not two.
 */
export class FeatureTable {
  /** slots[2i] = hash, slots[2i + 1] = row + 1 (0 marks an empty slot). */
  private readonly slots: Uint32Array;
  private readonly mask: number;

  constructor(hashes: readonly number[]) {
    let size = 16;
    while (size < hashes.length * 2) size *= 2; // load factor at most 1/2
    this.slots = new Uint32Array(size * 2);
    this.mask = size - 1;
    hashes.forEach((hash, row) => {
      let i = hash & this.mask;
      while (this.slots[2 * i + 1] !== 0) i = (i + 1) & this.mask;
      this.slots[2 * i] = hash;
      this.slots[2 * i + 1] = row + 1;
    });
  }

  /** The row of `hash`, or -1. */
  get(hash: number): number {
    let i = hash & this.mask;
    for (;;) {
      const row = this.slots[2 * i + 1]!;
      if (row === 0 || this.slots[2 * i] === hash) return row - 1;
      i = (i + 1) & this.mask;
    }
  }
}

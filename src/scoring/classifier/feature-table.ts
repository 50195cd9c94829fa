/**
 * Feature hash -> row, by open addressing over typed arrays. Most 32-bit hashes are above V8's
 * small-integer range, which makes them slow Map keys; this table keeps lookups allocation-free.
 */
export class FeatureTable {
  private readonly keys: Uint32Array;
  private readonly rows: Int32Array;
  private readonly mask: number;

  constructor(hashes: readonly number[]) {
    let size = 16;
    while (size < hashes.length * 2) size *= 2; // load factor at most 1/2
    this.keys = new Uint32Array(size);
    this.rows = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    hashes.forEach((hash, row) => {
      let i = hash & this.mask;
      while (this.rows[i] !== -1) i = (i + 1) & this.mask;
      this.keys[i] = hash;
      this.rows[i] = row;
    });
  }

  /** The row of `hash`, or -1. */
  get(hash: number): number {
    let i = hash & this.mask;
    for (;;) {
      const row = this.rows[i]!;
      if (row === -1 || this.keys[i] === hash) return row;
      i = (i + 1) & this.mask;
    }
  }
}

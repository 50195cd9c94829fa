import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/backfill/progress';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream, written };
}

describe('backfill progress', () => {
  const state = (records: number, bytesRead: number) => ({ file: 'history.jsonl', records, rejected: 3, bytesRead, size: 1_000_000 });

  it('redraws one line on a terminal with records, rate, share read, ETA and rejects', () => {
    let now = 0;
    const { stream, written } = fakeStream(true);
    const progress = createProgress(stream, () => now);
    progress.update(state(0, 0));
    now = 10_000;
    progress.update(state(20_000, 250_000));
    expect(written.at(-1)).toBe('\r\x1b[2Khistory.jsonl: 20,000 records, 2,000/s, 25.0%, ETA 30s, 3 rejected');
    now = 10_100;
    progress.update(state(20_100, 251_000));
    expect(written).toHaveLength(2); // at most five redraws a second
    progress.done('done');
    expect(written.at(-1)).toBe('\r\x1b[2Kdone\n');
  });

  it('writes plain lines every 10 s when not on a terminal', () => {
    let now = 0;
    const { stream, written } = fakeStream(false);
    const progress = createProgress(stream, () => now);
    progress.update(state(0, 0));
    now = 5_000;
    progress.update(state(10_000, 100_000));
    now = 60_000;
    progress.update(state(120_000, 600_000));
    expect(written).toEqual([
      'history.jsonl: 0 records, 0/s, 0.0%, ETA ?, 3 rejected\n',
      'history.jsonl: 120,000 records, 2,000/s, 60.0%, ETA 40s, 3 rejected\n',
    ]);
  });
});

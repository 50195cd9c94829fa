export interface ProgressState {
  file: string;
  records: number;
  rejected: number;
  /** Bytes of the file read (compressed bytes for a gzip file) and its size: the ETA's basis. */
  bytesRead: number;
  size: number;
}

export interface Progress {
  update(state: ProgressState): void;
  /** Ends the file's progress display with a closing line. */
  done(summary: string): void;
}

const TTY_INTERVAL_MS = 200;
const PLAIN_INTERVAL_MS = 10_000;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * Records, rate, ETA and rejects: redrawn in place on a terminal, a plain line every 10 s otherwise
 * (a CI log or a file). The rate is over the run so far; the ETA scales it by the bytes still to read.
 */
export function createProgress(stream: NodeJS.WriteStream, now: () => number = Date.now): Progress {
  const tty = stream.isTTY === true;
  let started = now();
  let last = -Infinity;
  let firstRecords: number | undefined;
  let firstBytes = 0;
  const line = (s: ProgressState) => {
    const seconds = (now() - started) / 1000;
    const done = s.records - (firstRecords ?? 0);
    const rate = seconds > 0 ? done / seconds : 0;
    const byteRate = seconds > 0 ? (s.bytesRead - firstBytes) / seconds : 0;
    const eta = byteRate > 0 ? (s.size - s.bytesRead) / byteRate : Number.NaN;
    const share = s.size > 0 ? Math.min(100, (100 * s.bytesRead) / s.size) : 100;
    return `${s.file}: ${s.records.toLocaleString('en')} records, ${Math.round(rate).toLocaleString('en')}/s, ${share.toFixed(1)}%, ETA ${duration(eta)}, ${s.rejected.toLocaleString('en')} rejected`;
  };
  return {
    update(state) {
      if (firstRecords === undefined) {
        firstRecords = state.records;
        firstBytes = state.bytesRead;
        started = now();
      }
      const t = now();
      if (t - last < (tty ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS)) return;
      last = t;
      stream.write(tty ? `\r\x1b[2K${line(state)}` : `${line(state)}\n`);
    },
    done(summary) {
      stream.write(tty ? `\r\x1b[2K${summary}\n` : `${summary}\n`);
      firstRecords = undefined;
      last = -Infinity;
    },
  };
}

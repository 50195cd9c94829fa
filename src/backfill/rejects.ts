import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { FieldIssue } from '../contract/conversation';

export interface Reject {
  /** The input file, its line, and the position within the line when it holds several records. */
  file: string;
  line: number;
  item?: number;
  externalId?: string;
  /** Why the record could not be read, or the contract's field errors. */
  reason: string;
  errors?: FieldIssue[];
}

export interface RejectFile {
  path: string;
  /** Appends synchronously: the rejects of a batch are on disk before its checkpoint commits. */
  write(rejects: Reject[]): void;
}

/**
 * One JSON line per rejected record. A fresh import starts the file over; a resumed one keeps the
 * rejects up to its checkpoint and drops the rest, which the resumed run writes again.
 */
export function openRejectFile(path: string, keepThroughLine: number | null): RejectFile {
  if (keepThroughLine === null) {
    rmSync(path, { force: true });
  } else if (existsSync(path)) {
    const kept = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '' && (JSON.parse(line) as Reject).line <= keepThroughLine);
    writeFileSync(path, kept.map((line) => `${line}\n`).join(''));
  }
  return {
    path,
    write(rejects) {
      if (rejects.length > 0) appendFileSync(path, rejects.map((r) => `${JSON.stringify(r)}\n`).join(''));
    },
  };
}

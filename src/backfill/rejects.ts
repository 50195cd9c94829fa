import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { FieldIssue } from '../contract/conversation';

export interface Reject {
  /** The input file, the line the record starts on, and for JSON the byte offset of its object and its position in an object holding several (a page). */
  file: string;
  line: number;
  offset?: number;
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
 * One JSON line per rejected record, in reading order. A fresh import starts the file over; a
 * resumed one keeps the `keep` rejects its checkpoint counted and drops the rest, which the resumed
 * run writes again.
 */
export function openRejectFile(path: string, keep: number | null): RejectFile {
  if (keep === null) {
    rmSync(path, { force: true });
  } else if (existsSync(path)) {
    const kept = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .slice(0, keep);
    writeFileSync(path, kept.map((line) => `${line}\n`).join(''));
  }
  return {
    path,
    write(rejects) {
      if (rejects.length > 0) appendFileSync(path, rejects.map((r) => `${JSON.stringify(r)}\n`).join(''));
    },
  };
}

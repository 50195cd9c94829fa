import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

const FINGERPRINT_BYTES = 64 * 1024;

export interface InputFile {
  path: string;
  size: number;
  gzip: boolean;
  /** The file's size and a hash of its first 64 KiB: the same wherever the file is copied or renamed. */
  key: string;
}

export async function inspectInput(path: string): Promise<InputFile> {
  const { size } = await stat(path);
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, FINGERPRINT_BYTES));
    await handle.read(head, 0, head.length, 0);
    const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
    return { path, size, gzip, key: `${size}:${createHash('sha256').update(head).digest('hex').slice(0, 32)}` };
  } finally {
    await handle.close();
  }
}

export interface InputStream {
  /** The decompressed bytes from `from` on. */
  chunks: AsyncIterable<Buffer>;
  /** Bytes of the file itself read so far: progress against its size, compressed or not. */
  fileBytesRead(): number;
}

/**
 * Streams the file's content from decompressed byte `from`: a plain file is read from there, a gzip
 * file is decompressed from its start and the first `from` bytes are dropped (gzip cannot seek).
 */
export function readInput(file: InputFile, from = 0): InputStream {
  const raw = createReadStream(file.path, { start: file.gzip ? 0 : from, highWaterMark: 256 * 1024 });
  if (!file.gzip) return { chunks: raw, fileBytesRead: () => from + raw.bytesRead };
  const gunzip = raw.pipe(createGunzip());
  raw.on('error', (error) => gunzip.destroy(error));
  // A reader that stops early (the first line, a header) destroys gunzip; the file must close too.
  gunzip.on('close', () => raw.destroy());
  async function* skipped(): AsyncIterable<Buffer> {
    let toSkip = from;
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      if (toSkip >= chunk.length) {
        toSkip -= chunk.length;
        continue;
      }
      yield toSkip > 0 ? chunk.subarray(toSkip) : chunk;
      toSkip = 0;
    }
  }
  return { chunks: skipped(), fileBytesRead: () => raw.bytesRead };
}

export interface Line {
  /** Empty when the line was longer than MAX_LINE_BYTES (see `tooLong`). */
  text: string;
  tooLong?: boolean;
  /** 1-based line number in the decompressed input. */
  number: number;
  /** Decompressed byte offset just past this line's newline: where reading resumes after it. */
  end: number;
}

const NEWLINE = 0x0a;
// For the CSV format, which reads lines (the JSON formats scan bytes: formats/json-values.ts): a
// conversation's row at the contract's limits fits, and a runaway line is not held in memory.
const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** Splits bytes into lines (LF or CRLF), keeping exact byte offsets for checkpoints; a UTF-8 BOM is dropped. */
export async function* splitLines(chunks: AsyncIterable<Buffer>, startOffset = 0, startLine = 0): AsyncIterable<Line> {
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let offset = startOffset;
  let number = startLine;
  let dropped = 0;
  const emit = (bytes: Buffer): Line => {
    offset += bytes.length + dropped;
    number += 1;
    if (dropped > 0) {
      dropped = 0;
      return { text: '', tooLong: true, number, end: offset };
    }
    let text = bytes.toString('utf8');
    if (number === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\n')) text = text.slice(0, text.endsWith('\r\n') ? -2 : -1);
    return { text, number, end: offset };
  };
  for await (const chunk of chunks) {
    let from = 0;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, from)) {
      const piece = chunk.subarray(from, at + 1);
      const bytes = pendingLength > 0 ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      pendingLength = 0;
      yield emit(bytes);
      from = at + 1;
    }
    if (from < chunk.length) {
      pending.push(chunk.subarray(from));
      pendingLength += chunk.length - from;
    }
    if (pendingLength > MAX_LINE_BYTES) {
      dropped += pendingLength;
      pending = [];
      pendingLength = 0;
    }
  }
  if (pendingLength > 0 || dropped > 0) yield emit(Buffer.concat(pending));
}

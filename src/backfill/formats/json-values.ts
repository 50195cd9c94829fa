/** A point in the decompressed input: bytes read, and the newlines among them. */
export interface InputPosition {
  bytes: number;
  line: number;
}

/** One top-level JSON object of an export, or why the text where one should be is not JSON. */
export interface JsonValue {
  /** The line the object starts on, and the byte offset of its "{" in the decompressed input. */
  line: number;
  offset: number;
  value: { ok: true; json: unknown } | { ok: false; reason: string };
  /** Where an import may resume after this object; absent when it cannot (see jsonValues). */
  resumeAfter?: InputPosition;
}

// A conversation at the contract's limits (2,000 messages of 20,000 characters) fits; a whole
// export pretty-printed as one object does not, and must not be held in memory.
const MAX_OBJECT_BYTES = 64 * 1024 * 1024;

const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

const isSpace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === NEWLINE;

function parse(bytes: Buffer): JsonValue['value'] {
  try {
    return { ok: true, json: JSON.parse(bytes.toString('utf8')) };
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${(error as Error).message}` };
  }
}

const enum Mode {
  Between,
  Object,
  /** The rest of a line of text outside any object. */
  Garbage,
  /** An object past the size limit, until the next one starts a line. */
  Oversized,
}

/** The state of a scan across chunks; `feed` is a plain method so the byte loop is optimised. */
class Scanner {
  /** Objects read (and reports of text that is not), in order, for the caller to take. */
  out: JsonValue[] = [];
  private base: number; // offset of the current chunk's first byte
  private newlines: number;
  private atLineStart = true;
  private mode = Mode.Between;
  // The open object.
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pieces: Buffer[] = [];
  private pieceStart = 0;
  private objectBytes = 0;
  private start = { line: 0, offset: 0 };
  // Whether the open object began as a whole record on one line (JSON lines) rather than as a bare
  // "{" (pretty-printed): only then is a "{" in the first column a sign that it was cut short.
  private contentOnStartLine = false;
  private startedAsOneLine: boolean | null = null;
  // The last object read, held until the next one starts or its line ends, which sets its resume point.
  private held: Omit<JsonValue, 'resumeAfter'> | null = null;

  constructor(from: InputPosition) {
    this.base = from.bytes;
    this.newlines = from.line;
  }

  private release(resumeAfter: InputPosition): void {
    if (this.held) this.out.push({ ...this.held, resumeAfter });
    this.held = null;
  }

  private begin(chunkIndex: number): void {
    this.mode = Mode.Object;
    this.depth = 1;
    this.inString = false;
    this.escaped = false;
    this.pieces = [];
    this.pieceStart = chunkIndex;
    this.objectBytes = 0;
    this.start = { line: this.newlines + 1, offset: this.base + chunkIndex };
    this.contentOnStartLine = false;
    this.startedAsOneLine = null;
  }

  /**
   * JSON lines, the common case, without the byte scan: where the line starting at `i` is one whole
   * object, it is held and the index of its newline returned; else -1, and the scan reads it.
   */
  private wholeLine(chunk: Buffer, i: number): number {
    const newline = chunk.indexOf(NEWLINE, i);
    if (newline === -1) return -1;
    let last = newline - 1;
    while (last > i && isSpace(chunk[last]!)) last--;
    if (chunk[last] !== CLOSE_BRACE) return -1;
    const value = parse(chunk.subarray(i, last + 1));
    if (!value.ok) return -1;
    this.held = { line: this.newlines + 1, offset: this.base + i, value };
    return newline;
  }

  feed(chunk: Buffer): void {
    const length = chunk.length;
    let i = this.base === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0; // a UTF-8 BOM
    for (; i < length; i++) {
      let byte = chunk[i]!;
      if (this.inString && byte !== NEWLINE && !(this.atLineStart && byte === OPEN_BRACE)) {
        this.atLineStart = false;
        if (this.escaped) {
          this.escaped = false;
          continue;
        }
        // Most of a transcript is text inside strings: run to the next quote, backslash or newline.
        while (byte !== QUOTE && byte !== BACKSLASH && byte !== NEWLINE && i + 1 < length) byte = chunk[++i]!;
        if (byte === NEWLINE) i--; // counted on the next turn
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
        continue;
      }
      if (byte === NEWLINE) {
        this.newlines++;
        this.atLineStart = true;
        if (this.mode === Mode.Object && this.startedAsOneLine === null) this.startedAsOneLine = this.contentOnStartLine;
        if (this.mode === Mode.Between || this.mode === Mode.Garbage) {
          this.release({ bytes: this.base + i + 1, line: this.newlines });
          this.mode = Mode.Between;
        }
        continue;
      }
      const lineStart = this.atLineStart;
      this.atLineStart = false;
      if (this.mode === Mode.Object) {
        if (lineStart && byte === OPEN_BRACE && this.startedAsOneLine) {
          this.out.push({
            ...this.start,
            value: { ok: false, reason: `not valid JSON: the object starting on line ${this.start.line} is cut short` },
            resumeAfter: { bytes: this.base + i, line: this.newlines },
          });
          this.begin(i);
          continue;
        }
        if (this.inString) {
          // A line starting with "{" inside a string (after a raw newline, itself invalid JSON).
          this.escaped = false;
          continue;
        }
        if (this.startedAsOneLine === null && !isSpace(byte)) this.contentOnStartLine = true;
        if (byte === QUOTE) this.inString = true;
        else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) this.depth++;
        else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && --this.depth === 0) {
          this.pieces.push(chunk.subarray(this.pieceStart, i + 1));
          this.held = { ...this.start, value: parse(this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces)) };
          this.pieces = [];
          this.mode = Mode.Between;
        }
        continue;
      }
      if (this.mode === Mode.Between) {
        if (isSpace(byte) || byte === COMMA || byte === OPEN_BRACKET || byte === CLOSE_BRACKET) continue;
        this.release({ bytes: this.base + i, line: this.newlines });
        if (byte === OPEN_BRACE) {
          const lineEnd = lineStart ? this.wholeLine(chunk, i) : -1;
          if (lineEnd === -1) this.begin(i);
          else i = lineEnd - 1; // the newline releases it
        } else {
          this.held = { line: this.newlines + 1, offset: this.base + i, value: { ok: false, reason: `not valid JSON: unexpected "${String.fromCharCode(byte)}" outside an object` } };
          this.mode = Mode.Garbage;
        }
        continue;
      }
      if (this.mode === Mode.Oversized && lineStart && byte === OPEN_BRACE) this.begin(i);
    }
    if (this.mode === Mode.Object) {
      this.pieces.push(chunk.subarray(this.pieceStart));
      this.objectBytes += length - this.pieceStart;
      this.pieceStart = 0;
      if (this.objectBytes > MAX_OBJECT_BYTES) {
        this.out.push({ ...this.start, value: { ok: false, reason: 'the object is longer than 64 MiB; split it into one conversation (or one page) per object' } });
        this.pieces = [];
        this.inString = false;
        this.mode = Mode.Oversized;
      }
    }
    this.base += length;
  }

  end(): void {
    const end = { bytes: this.base, line: this.newlines };
    this.release(end);
    if (this.mode === Mode.Object) {
      this.out.push({ ...this.start, value: { ok: false, reason: `not valid JSON: the object starting on line ${this.start.line} is not closed at the end of the file` }, resumeAfter: end });
    }
  }
}

/**
 * The top-level JSON objects of an export, in order, whatever its layout: one per line (JSON
 * lines), pretty-printed over many lines (`jq .`), concatenated, or the elements of a top-level
 * array, pretty-printed or on a single line. Arrays at the top level are flattened, so a run that
 * resumes in the middle of one reads on, and an array of any size is read in flat memory.
 *
 * It scans bytes, not lines: every structural character is ASCII, which never occurs inside a
 * multi-byte UTF-8 character. An object's resume point is the end of its line when nothing else
 * starts on that line, else the start of the next object.
 *
 * Bad input costs only itself where it can be told: text outside an object is reported for its
 * line, and a JSON line cut short (still open when a later line starts with "{" in its first
 * column) is reported on its own. A pretty-printed object cut short runs on to the end of the
 * input: its nested objects may start in the first column too, so nothing marks where it broke.
 */
export async function* jsonValues(chunks: AsyncIterable<Buffer>, from: InputPosition = { bytes: 0, line: 0 }): AsyncIterable<JsonValue> {
  const scanner = new Scanner(from);
  for await (const chunk of chunks) {
    scanner.feed(chunk);
    yield* scanner.out;
    scanner.out = [];
  }
  scanner.end();
  yield* scanner.out;
}

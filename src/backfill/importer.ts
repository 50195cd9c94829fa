import type { DbHandle } from '../db/client';
import { clearCheckpoint, findCheckpoint, saveCheckpoint, type Checkpoint, type CheckpointKey } from '../db/queries/backfill-checkpoints';
import { storeBatch, type ImportItem } from '../db/queries/bulk-import';
import { addToOutbox, removeFromOutbox } from '../db/queries/score-outbox';
import { findWorkspaceBySlug } from '../db/queries/workspaces';
import { prepareConversation, type IngestWorkspace } from '../ingest/prepare';
import type { BackgroundLane } from '../queue/background-lane';
import { toBatchJobs } from '../queue/jobs';
import { detectFormat, formatNamed, FORMATS } from './formats';
import { jsonValues } from './formats/json-values';
import { ImportError, type Format, type SourceRecord } from './formats/types';
import { inspectInput, readInput, splitLines, type InputFile, type Line } from './input';
import type { Progress } from './progress';
import { openRejectFile, type Reject, type RejectFile } from './rejects';

export interface BackfillOptions {
  format?: string;
  workspace?: string;
  /** Forget the file's checkpoint and read it from the start (what is stored stays; unchanged records change nothing). */
  restart?: boolean;
  /** Where rejects go; `<input>.rejects.jsonl` by default. */
  rejectsPath?: (input: string) => string;
}

export interface BackfillDeps {
  database: DbHandle;
  lane: BackgroundLane;
  progress: Progress;
}

export interface FileSummary {
  path: string;
  format: string;
  workspace: string;
  /** Already imported completely by an earlier run: nothing was read. */
  alreadyComplete: boolean;
  /** The line the run resumed after, when an earlier run was interrupted. */
  resumedAfterLine: number | null;
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Conversations sent to the background scoring lane. */
  enqueued: number;
  rejectsPath: string | null;
  seconds: number;
}

// Records per transaction: large enough that a transaction's fixed costs vanish, small enough to
// hold a few MB of transcripts.
const BATCH_SIZE = 500;

/**
 * What the format and the workspace are told from: the first line, or, where the file is JSON, its
 * first object, which may be pretty-printed over many lines or the first element of an array.
 */
async function firstRecord(file: InputFile): Promise<string | undefined> {
  for await (const line of splitLines(readInput(file).chunks)) {
    if (line.text.trim() === '') continue;
    if (!/^\s*[[{]/.test(line.text)) return line.text;
    break;
  }
  for await (const found of jsonValues(readInput(file).chunks)) {
    return found.value.ok ? JSON.stringify(found.value.json) : undefined;
  }
  return undefined;
}

/** The first `count` lines of the file (a CSV header), for a run that resumes past them. */
async function headerLines(file: InputFile, count: number): Promise<Line[]> {
  const lines: Line[] = [];
  if (count === 0) return lines;
  for await (const line of splitLines(readInput(file).chunks)) {
    lines.push(line);
    if (lines.length === count) break;
  }
  return lines;
}

function workspaceNamedIn(line: string | undefined): string | undefined {
  try {
    const value = JSON.parse(line ?? '') as { workspace?: unknown; conversations?: { workspace?: unknown }[] };
    const named = value.workspace ?? value.conversations?.[0]?.workspace;
    return typeof named === 'string' ? named : undefined;
  } catch {
    return undefined;
  }
}

function resolveFormat(options: BackfillOptions, first: string | undefined): Format {
  if (options.format === undefined) return detectFormat(first ?? '');
  const format = formatNamed(options.format);
  if (!format) throw new ImportError(`unknown format "${options.format}"; formats are ${FORMATS.map((f) => f.name).join(', ')}`);
  return format;
}

async function resolveWorkspace(database: DbHandle, options: BackfillOptions, first: string | undefined): Promise<IngestWorkspace> {
  const slug = options.workspace ?? workspaceNamedIn(first);
  if (slug === undefined) throw new ImportError('no workspace: pass --workspace W (or name it in the records, Parley format only)');
  const workspace = await findWorkspaceBySlug(database.db, slug);
  if (!workspace) throw new ImportError(`workspace "${slug}" does not exist; create it with npm run keys -- create --workspace ${slug}`);
  return workspace;
}

/**
 * Imports one file: streams its records, validates each with the API's contract, stores them in
 * batches (one statement each) with a checkpoint in the same transaction, and queues their scoring in the
 * background lane through the outbox. Killed anywhere, the next run resumes after the last
 * committed batch; run again after it finished, it reads nothing.
 */
export async function backfillFile(deps: BackfillDeps, path: string, options: BackfillOptions = {}): Promise<FileSummary> {
  const started = Date.now();
  const { database, lane, progress } = deps;
  const file = await inspectInput(path);
  const first = await firstRecord(file);
  const format = resolveFormat(options, first);
  const workspace = await resolveWorkspace(database, options, first);
  const key: CheckpointKey = { workspaceId: workspace.id, fileKey: file.key, format: format.name };
  if (options.restart) await clearCheckpoint(database.sql, key);
  const checkpoint = await findCheckpoint(database.sql, key);
  const summary: FileSummary = {
    path,
    format: format.name,
    workspace: workspace.slug,
    alreadyComplete: checkpoint?.completed === true,
    resumedAfterLine: checkpoint && !checkpoint.completed ? checkpoint.lineDone : null,
    records: checkpoint?.recordsDone ?? 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: checkpoint?.rejected ?? 0,
    enqueued: 0,
    rejectsPath: null,
    seconds: 0,
  };
  if (checkpoint?.completed) return { ...summary, seconds: (Date.now() - started) / 1000 };

  const rejectsPath = options.rejectsPath?.(path) ?? `${path}.rejects.jsonl`;
  const rejectFile = openRejectFile(rejectsPath, checkpoint ? checkpoint.rejected : null);
  const input = readInput(file, checkpoint?.bytesDone ?? 0);
  const from = { bytes: checkpoint?.bytesDone ?? 0, line: checkpoint?.lineDone ?? 0 };
  const header = from.bytes > 0 ? await headerLines(file, format.headerLines) : [];

  const batch = new Batcher(database, lane, key, path, rejectFile, workspace.id, summary, checkpoint);
  let end = checkpoint ? { bytes: checkpoint.bytesDone, line: checkpoint.lineDone } : { bytes: 0, line: 0 };
  for await (const record of format.records({ chunks: input.chunks, from, header })) {
    summary.records += 1;
    batch.add(record, workspace);
    if (record.resumeAfter) end = record.resumeAfter;
    if (batch.size >= BATCH_SIZE && record.resumeAfter) await batch.flush(record.resumeAfter, false);
    progress.update({ file: path, records: summary.records, rejected: summary.rejected, bytesRead: input.fileBytesRead(), size: file.size });
  }
  await batch.flush(end, true);
  await batch.settled();
  summary.rejectsPath = summary.rejected > 0 ? rejectFile.path : null;
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

// Statistics are refreshed after 5,000 stored conversations, then 20,000, 80,000 and so on.
const FIRST_ANALYZE = 5_000;

/**
 * Refreshes the planner's statistics of the tables the import grows. Without them, plans made
 * while the tables were small stay cached in every session (the KPI triggers' among them), and a
 * long import slows as the tables grow: autovacuum, which would analyze them, may be off or behind.
 * ANALYZE samples a fixed number of rows, so each run costs about the same.
 */
async function analyzeImportedTables(sql: DbHandle['sql']): Promise<void> {
  await sql`analyze conversations, transcripts`;
}

/**
 * Collects valid records and rejects between checkpoints. Storing a batch overlaps with reading the
 * next one; at most one batch is in flight, so memory holds two batches at most.
 */
class Batcher {
  private items: ImportItem[] = [];
  private keys = new Set<string>();
  private rejects: Reject[] = [];
  private inflight: Promise<void> = Promise.resolve();
  /** The last resume point: bytes and line read, and records and rejects counted up to it. */
  private last: { bytes: number; line: number; records: number; rejected: number };
  /** Rejects written to the reject file, some perhaps past the last resume point. */
  private rejectedTotal: number;
  private stored = 0;
  private analyzeAt = FIRST_ANALYZE;

  constructor(
    private readonly database: DbHandle,
    private readonly lane: BackgroundLane,
    private readonly key: CheckpointKey,
    private readonly path: string,
    private readonly rejectFile: RejectFile,
    private readonly workspaceId: string,
    private readonly summary: FileSummary,
    checkpoint: Checkpoint | null,
  ) {
    this.last = { bytes: checkpoint?.bytesDone ?? 0, line: checkpoint?.lineDone ?? 0, records: checkpoint?.recordsDone ?? 0, rejected: checkpoint?.rejected ?? 0 };
    this.rejectedTotal = checkpoint?.rejected ?? 0;
  }

  get size(): number {
    return this.items.length + this.rejects.length;
  }

  add(record: SourceRecord, workspace: IngestWorkspace): void {
    const where = {
      file: this.path,
      line: record.line,
      ...(record.offset !== undefined ? { offset: record.offset } : {}),
      ...(record.item !== undefined ? { item: record.item } : {}),
    };
    if (!record.value.ok) {
      this.reject({ ...where, reason: record.value.reason });
      return;
    }
    const prepared = prepareConversation(record.value.input, workspace);
    if (!prepared.ok) {
      const externalId = (record.value.input as { externalId?: unknown } | null)?.externalId;
      this.reject({ ...where, ...(typeof externalId === 'string' ? { externalId } : {}), reason: 'violates the conversation contract', errors: prepared.errors });
      return;
    }
    const { conversation, contentHash, messagesJson } = prepared;
    const key = `${conversation.source}\u0000${conversation.externalId}`;
    // One statement cannot write a row twice: a repeated conversation waits for the next batch,
    // where it updates the first, as a second POST would.
    if (this.keys.has(key)) this.startStore(null, false);
    this.keys.add(key);
    this.items.push({ conversation, contentHash, messagesJson });
  }

  private reject(reject: Reject): void {
    this.rejects.push(reject);
    this.summary.rejected += 1;
  }

  /** Stores what was collected; `at` is where a run may resume after it (null: not a resume point). */
  async flush(at: { bytes: number; line: number } | null, completed: boolean): Promise<void> {
    await this.inflight;
    this.startStore(at, completed);
  }

  async settled(): Promise<void> {
    await this.inflight;
  }

  private startStore(at: { bytes: number; line: number } | null, completed: boolean): void {
    const items = this.items;
    const rejects = this.rejects;
    this.items = [];
    this.keys = new Set();
    this.rejects = [];
    this.rejectedTotal += rejects.length;
    if (at) this.last = { ...at, records: this.summary.records, rejected: this.rejectedTotal };
    const checkpoint: Checkpoint = {
      bytesDone: this.last.bytes,
      lineDone: this.last.line,
      recordsDone: this.last.records,
      rejected: this.last.rejected,
      completed,
    };
    const previous = this.inflight;
    this.inflight = previous.then(() => this.store(items, rejects, checkpoint));
    // Surfaced by the next flush's await; without this the rejection would count as unhandled meanwhile.
    this.inflight.catch(() => {});
  }

  private async store(items: ImportItem[], rejects: Reject[], checkpoint: Checkpoint): Promise<void> {
    this.rejectFile.write(rejects);
    const { sql } = this.database;
    const { refs, jobs, outboxIds } = await sql.begin(async (tx) => {
      const refs = items.length > 0 ? await storeBatch(tx, this.workspaceId, items) : [];
      const jobs = toBatchJobs(
        this.workspaceId,
        refs.filter((r) => r.needsScoring).map(({ id, revision }) => ({ id, revision })),
      );
      const outboxIds = await addToOutbox(tx, jobs);
      await saveCheckpoint(tx, this.key, this.path, checkpoint);
      return { refs, jobs, outboxIds };
    });
    for (const ref of refs) this.summary[ref.status] += 1;
    this.stored += items.length;
    if (this.stored >= this.analyzeAt) {
      this.analyzeAt *= 4;
      await analyzeImportedTables(sql);
    }
    // Committed: the jobs are safe in the outbox. If Redis refuses them now, the outbox keeps them
    // for the next flush (at the end of this run, or the next run's start).
    try {
      await this.lane.add(jobs);
      await removeFromOutbox(sql, outboxIds);
      this.summary.enqueued += jobs.reduce((n, job) => n + job.conversations.length, 0);
    } catch {
      // left in the outbox
    }
  }
}

import { csvRows, parseRow, type CsvRow } from '../csv';
import { splitLines, type Line } from '../input';
import { ImportError, type Format, type FormatInput, type SourceRecord } from './types';

const REQUIRED = ['conversation_id', 'source', 'channel', 'role', 'sent_at', 'text'] as const;
// Columns that describe the conversation: every row of it must agree (or leave them empty).
const CONVERSATION_COLUMNS = ['source', 'channel', 'language', 'customer_id', 'resolved_at', 'csat', 'nps'] as const;
const MESSAGE_COLUMNS = ['message_id', 'author_id', 'author_name'] as const;
const KNOWN = new Set<string>([...REQUIRED, ...CONVERSATION_COLUMNS, ...MESSAGE_COLUMNS]);
const ATTRIBUTE_PREFIX = 'attr.';

type Header = Map<string, number>;

export function readHeader(fields: string[]): Header {
  const header: Header = new Map();
  for (const [index, raw] of fields.entries()) {
    const name = raw.trim();
    if (!KNOWN.has(name) && !name.startsWith(ATTRIBUTE_PREFIX)) {
      throw new ImportError(`unknown column "${name}" in the header; columns are ${[...KNOWN].join(', ')} and attr.<key>`);
    }
    if (header.has(name)) throw new ImportError(`column "${name}" appears twice in the header`);
    header.set(name, index);
  }
  const missing = REQUIRED.filter((name) => !header.has(name));
  if (missing.length > 0) throw new ImportError(`the header lacks the column(s) ${missing.join(', ')}`);
  return header;
}

const orUndefined = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
const numberOrText = (value: string) => (/^-?\d+$/.test(value.trim()) ? Number(value) : value);

/** The rows of one conversation, in file order, as the contract's input. */
export function toConversation(header: Header, rows: CsvRow[]): { ok: true; input: unknown } | { ok: false; reason: string } {
  const broken = rows.find((row) => row.error !== undefined || row.fields.length !== header.size);
  if (broken) {
    const reason = broken.error ?? `has ${broken.fields.length} fields where the header has ${header.size}`;
    return { ok: false, reason: `row on line ${broken.line} ${reason}` };
  }
  const get = (row: CsvRow, column: string) => {
    const index = header.get(column);
    return index === undefined ? undefined : row.fields[index];
  };
  const conversation: Record<string, string | undefined> = {};
  for (const column of CONVERSATION_COLUMNS) {
    for (const row of rows) {
      const value = orUndefined(get(row, column));
      if (value === undefined) continue;
      if (conversation[column] !== undefined && conversation[column] !== value) {
        return { ok: false, reason: `rows disagree on ${column} ("${conversation[column]}" and "${value}", line ${row.line})` };
      }
      conversation[column] = value;
    }
  }
  const attributes: Record<string, string> = {};
  for (const [column] of header) {
    if (!column.startsWith(ATTRIBUTE_PREFIX)) continue;
    const value = rows.map((row) => orUndefined(get(row, column))).find((v) => v !== undefined);
    if (value !== undefined) attributes[column.slice(ATTRIBUTE_PREFIX.length)] = value;
  }
  const messages = rows.map((row) => ({
    id: orUndefined(get(row, 'message_id')),
    role: get(row, 'role'),
    authorId: orUndefined(get(row, 'author_id')),
    authorName: orUndefined(get(row, 'author_name')),
    text: get(row, 'text'),
    sentAt: get(row, 'sent_at'),
  }));
  // Surveys have no time column of their own: they are dated when the conversation was resolved, or at its last message.
  const surveyAt = conversation.resolved_at ?? messages[messages.length - 1]!.sentAt;
  const events = [
    ...(conversation.resolved_at ? [{ type: 'resolved', at: conversation.resolved_at }] : []),
    ...(conversation.csat ? [{ type: 'survey', at: surveyAt, metric: 'csat', score: numberOrText(conversation.csat) }] : []),
    ...(conversation.nps ? [{ type: 'survey', at: surveyAt, metric: 'nps', score: numberOrText(conversation.nps) }] : []),
  ];
  return {
    ok: true,
    input: {
      externalId: get(rows[0]!, 'conversation_id'),
      source: conversation.source,
      channel: conversation.channel,
      language: conversation.language,
      customerId: conversation.customer_id,
      messages,
      events,
      attributes,
    },
  };
}

async function* linesOf(input: FormatInput): AsyncIterable<Line> {
  yield* input.header;
  yield* splitLines(input.chunks, input.from.bytes, input.from.line);
}

async function* records(input: FormatInput): AsyncIterable<SourceRecord> {
  let header: Header | undefined;
  let group: CsvRow[] = [];
  let groupId: string | undefined;
  // Ids already finished in this file: a conversation's rows must be contiguous (sort by conversation_id).
  const finished = new Set<string>();
  function* flush(): Iterable<SourceRecord> {
    if (group.length === 0 || !header) return;
    const last = group[group.length - 1]!;
    const resumeAfter = { bytes: last.end, line: last.endLine };
    const value =
      groupId !== undefined && finished.has(groupId)
        ? { ok: false as const, reason: `rows of conversation "${groupId}" are not contiguous; sort the file by conversation_id` }
        : toConversation(header, group);
    if (groupId !== undefined) finished.add(groupId);
    yield { line: group[0]!.line, value, resumeAfter };
    group = [];
  }
  for await (const row of csvRows(linesOf(input))) {
    if (!header) {
      header = readHeader(row.fields);
      continue;
    }
    if (row.fields.length === 1 && row.fields[0]!.trim() === '' && !row.error) continue;
    const id = row.error ? undefined : row.fields[header.get('conversation_id')!];
    if (group.length > 0 && id !== groupId) yield* flush();
    groupId = id;
    group.push(row);
  }
  yield* flush();
}

export const messageCsv: Format = {
  name: 'csv',
  headerLines: 1,
  records,
  sniff: (firstLine) => (parseRow(firstLine) ?? []).map((f) => f.trim()).includes('conversation_id'),
};

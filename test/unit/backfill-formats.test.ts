import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { conversationSchema, type Conversation } from '../../src/contract/conversation';
import { detectFormat, formatNamed } from '../../src/backfill/formats';
import { ImportError } from '../../src/backfill/formats/types';
import type { SourceRecord } from '../../src/backfill/formats/types';
import { inspectInput, readInput, splitLines, type Line } from '../../src/backfill/input';

const examples = join(import.meta.dirname, '../../docs/examples/backfill');

async function read(path: string, format: string, from = 0, line = 0): Promise<SourceRecord[]> {
  const file = await inspectInput(path);
  const records: SourceRecord[] = [];
  const header: Line[] = [];
  if (from > 0) for await (const first of splitLines(readInput(file).chunks)) if (header.push(first) === formatNamed(format)!.headerLines) break;
  for await (const record of formatNamed(format)!.records({ chunks: readInput(file, from).chunks, from: { bytes: from, line }, header })) records.push(record);
  return records;
}

function valid(records: SourceRecord[]): Conversation[] {
  return records.flatMap((r) => {
    if (!r.value.ok) return [];
    const parsed = conversationSchema.safeParse(r.value.input);
    if (!parsed.success) throw new Error(`line ${r.line}: ${parsed.error.message}`);
    return [parsed.data];
  });
}

function write(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'parley-backfill-')), name);
  writeFileSync(path, content);
  return path;
}

describe('Chatwoot export (conversation and message objects of its application API)', () => {
  it('maps contacts, agents, bots, private notes, activity messages, CSAT and status', async () => {
    const records = await read(join(examples, 'chatwoot.jsonl'), 'chatwoot');
    const conversations = valid(records);
    expect(conversations.map((c) => c.externalId)).toEqual(['2017', '2018', '2019']);
    const [billing, whatsapp, email] = conversations as [Conversation, Conversation, Conversation];
    // The private note and the "assigned" activity are not part of what the customer saw.
    expect(billing.messages.map((m) => m.role)).toEqual(['customer', 'agent', 'customer', 'bot']);
    expect(billing.messages.some((m) => m.text.includes('Stripe'))).toBe(false);
    expect(billing.messages[0]!.sentAt.toISOString()).toBe('2024-11-01T10:03:00.000Z');
    expect(billing.channel).toBe('web_chat');
    expect(billing.customerId).toBe('811');
    expect(billing.events.map((e) => e.type)).toEqual(['assigned', 'survey', 'resolved']);
    expect(billing.events.find((e) => e.type === 'survey')).toMatchObject({ metric: 'csat', score: 5 });
    expect(billing.events.find((e) => e.type === 'assigned')).toMatchObject({ agentId: '5', team: 'Billing' });
    expect(billing.attributes).toEqual({ plan: 'pro', inbox_id: '3', labels: 'billing' });
    expect(whatsapp.channel).toBe('whatsapp');
    expect(whatsapp.messages.map((m) => m.role)).toEqual(['customer', 'bot']);
    expect(whatsapp.events).toEqual([]);
    expect(email.channel).toBe('email');
  });

  it('reads the names and time strings of archived webhook payloads as it reads the API numbers', async () => {
    const conversation = {
      id: 77,
      inbox_id: 1,
      status: 'resolved',
      meta: { sender: { id: 5, type: 'contact' }, channel: 'Channel::WebWidget' },
      messages: [
        { id: 2, content: 'Your order ships today.', message_type: 'outgoing', created_at: '2024-11-01 10:00:30 UTC', sender: { id: 9, type: 'user' } },
        { id: 1, content: 'Where is my order?', message_type: 'incoming', created_at: '2024-11-01 10:00:00 UTC', sender: { id: 5, type: 'contact' } },
        { id: 3, content: 'Rate us', message_type: 'template', created_at: '2024-11-01 10:01:00 UTC' },
        { id: 4, content: 'Conversation was resolved', message_type: 'activity', created_at: '2024-11-01 10:02:00 UTC' },
      ],
    };
    const [parsed] = valid(await read(write('webhooks.jsonl', `${JSON.stringify(conversation)}\n`), 'chatwoot'));
    expect(parsed!.messages.map((m) => [m.role, m.sentAt.toISOString()])).toEqual([
      ['customer', '2024-11-01T10:00:00.000Z'],
      ['agent', '2024-11-01T10:00:30.000Z'],
      ['bot', '2024-11-01T10:01:00.000Z'],
    ]);
  });

  it('rejects a conversation without its messages, saying where it was', async () => {
    const rejected = (await read(join(examples, 'chatwoot.jsonl'), 'chatwoot')).filter((r) => !r.value.ok);
    expect(rejected).toEqual([{ line: 3, offset: expect.any(Number), item: 2, value: { ok: false, reason: expect.stringContaining('without its messages') }, resumeAfter: expect.anything() }]);
  });
});

describe('Zendesk export (tickets and ticket comments of its Support API)', () => {
  it('maps requesters, agents, internal notes, satisfaction ratings and status', async () => {
    const conversations = valid(await read(join(examples, 'zendesk.jsonl'), 'zendesk'));
    expect(conversations.map((c) => c.externalId)).toEqual(['35436', '35437', '35438']);
    const [router, refund, closed] = conversations as [Conversation, Conversation, Conversation];
    expect(router.messages.map((m) => m.role)).toEqual(['customer', 'agent', 'customer']);
    expect(router.messages.some((m) => m.text.includes('firmware 1.2'))).toBe(false);
    expect(router.channel).toBe('email');
    expect(router.events).toEqual([
      { type: 'assigned', at: new Date('2024-11-04T10:15:30Z'), agentId: '235323', team: '98738' },
      { type: 'resolved', at: new Date('2024-11-04T11:40:00Z') },
      { type: 'survey', at: new Date('2024-11-04T11:40:00Z'), metric: 'csat', score: 5 },
    ]);
    expect(router.attributes).toMatchObject({ tags: 'router,connectivity', priority: 'high', ticket_type: 'problem' });
    // Without sideloaded users, the requester is the customer and anyone else an agent.
    expect(refund.messages.map((m) => m.role)).toEqual(['customer']);
    expect(refund.events).toEqual([]);
    expect(closed.events.find((e) => e.type === 'survey')).toMatchObject({ score: 1 });
    // Its metric set says when it was solved; updated_at (17:05) is when it was closed.
    expect(closed.events.find((e) => e.type === 'resolved')).toEqual({ type: 'resolved', at: new Date('2024-11-07T16:30:00Z') });
    expect(closed.channel).toBe('web_chat');
  });

  it('takes the solve time from metric sets listed beside the ticket', async () => {
    const [line] = readFileSync(join(examples, 'zendesk.jsonl'), 'utf8').split('\n');
    const { ticket, comments } = JSON.parse(line!) as { ticket: Record<string, unknown>; comments: unknown };
    const metric_sets = [
      { ticket_id: 1, solved_at: '2024-11-04T10:00:00Z' },
      { ticket_id: ticket.id, solved_at: '2024-11-04T11:20:00Z' },
    ];
    const [solved] = valid(await read(write('metrics.jsonl', `${JSON.stringify({ ticket, comments, metric_sets })}\n`), 'zendesk'));
    expect(solved!.events.find((e) => e.type === 'resolved')).toEqual({ type: 'resolved', at: new Date('2024-11-04T11:20:00Z') });
  });
});

describe('Intercom export (conversations and conversation parts of its REST API)', () => {
  it('maps contacts, admins, bots, notes, assignments, the rating, the close and HTML bodies', async () => {
    const records = await read(join(examples, 'intercom.jsonl'), 'intercom');
    const conversations = valid(records);
    expect(conversations.map((c) => c.externalId)).toEqual(['215467881', '215467902', '215468010']);
    const [handoff, email, whatsapp] = conversations as [Conversation, Conversation, Conversation];
    expect(handoff.messages.map((m) => [m.role, m.text])).toEqual([
      ['customer', "Hi, my order #5512 still hasn't arrived"],
      ['bot', 'I can help with that! Could you confirm the email on the order?'],
      ['customer', 'maria@example.com — I want to talk to a person'],
      ['agent', "Sorry for the wait, Maria.\nThe carrier lost your parcel; I've sent a new one today."],
      ['customer', 'Thank you so much!'],
    ]);
    expect(handoff.channel).toBe('web_chat');
    expect(handoff.customerId).toBe('6729a1f3c2d8e1a0b4f5c6d7');
    expect(handoff.events).toEqual([
      { type: 'assigned', at: new Date(1730800905_000), agentId: '814860' },
      { type: 'resolved', at: new Date(1730802400_000) },
      { type: 'survey', at: new Date(1730802500_000), metric: 'csat', score: 4 },
    ]);
    expect(handoff.attributes).toMatchObject({ tags: 'shipping,late-order', team_id: '5017691', Plan: 'pro', Order_value: '89.9' });
    expect(email.channel).toBe('email');
    expect(email.messages[0]!.text).toBe('Hola, me cobraron dos veces la factura de octubre.\n¿Pueden revisarlo?');
    expect(email.messages.map((m) => m.role)).toEqual(['customer', 'agent', 'customer']);
    expect(email.events).toEqual([]);
    expect(whatsapp.channel).toBe('whatsapp');
    // The list endpoint leaves the parts out: such a conversation is rejected, not imported as one message.
    expect(records.filter((r) => !r.value.ok)).toEqual([
      { line: 3, offset: expect.any(Number), item: 2, value: { ok: false, reason: expect.stringContaining('without its conversation_parts') }, resumeAfter: expect.anything() },
    ]);
  });
});

describe('CSV, one row per message', () => {
  it('groups rows into conversations with quoted commas, quotes and line breaks', async () => {
    const records = await read(join(examples, 'messages.csv'), 'csv');
    const [first, second] = valid(records) as [Conversation, Conversation];
    expect(first.externalId).toBe('wc-1001');
    expect(first.messages).toHaveLength(3);
    expect(first.messages[1]).toMatchObject({ role: 'agent', authorId: 'agent-3', authorName: 'Maria', id: 'm2' });
    expect(first.events).toEqual([
      { type: 'resolved', at: new Date('2024-10-01T09:05:00Z') },
      { type: 'survey', at: new Date('2024-10-01T09:05:00Z'), metric: 'csat', score: 5 },
    ]);
    expect(first.attributes).toEqual({ team: 'support', product: 'shoes' });
    expect(second.messages[1]!.text).toBe('¡Hola! Sí, la talla 40 está disponible.\n¿Quieres que la reserve?');
    expect(second.messages[2]!.text).toBe('sí, por favor, "reserva" una');
    expect(records.map((r) => [r.line, r.resumeAfter?.line])).toEqual([[2, 4], [5, 8]]);
  });

  it('rejects a conversation whose rows are split, disagree or are malformed, and refuses an unknown column', async () => {
    const header = 'conversation_id,source,channel,role,sent_at,text\n';
    const path = write(
      'bad.csv',
      header +
        'a,s,web_chat,customer,2024-01-01T00:00:00Z,hi\n' +
        'b,s,web_chat,customer,2024-01-01T00:00:00Z,hi\n' +
        'a,s,web_chat,agent,2024-01-01T00:01:00Z,hello\n' +
        'c,s,email,customer,2024-01-01T00:00:00Z,one\n' +
        'c,s,web_chat,agent,2024-01-01T00:00:00Z,two\n' +
        'd,s,web_chat,customer\n',
    );
    const reasons = (await read(path, 'csv')).map((r) => (r.value.ok ? 'ok' : r.value.reason));
    expect(reasons).toEqual([
      'ok',
      'ok',
      expect.stringContaining('not contiguous'),
      expect.stringContaining('rows disagree on channel'),
      expect.stringContaining('has 4 fields where the header has 6'),
    ]);
    await expect(read(write('typo.csv', 'conversation_id,source,chanel,role,sent_at,text\n'), 'csv')).rejects.toThrow(ImportError);
  });
});

describe('Parley JSON lines', () => {
  it('reads a conversation per line or a whole request body', async () => {
    const records = await read(join(examples, 'parley.jsonl'), 'parley');
    expect(valid(records).map((c) => c.externalId)).toEqual(['chat-5001', 'chat-5002', 'chat-5003']);
    expect(records.map((r) => [r.line, r.item, r.resumeAfter?.line])).toEqual([[1, undefined, 1], [2, 1, undefined], [2, 2, 2]]);
  });

  it('rejects a line that is not JSON and carries on', async () => {
    const path = write('broken.jsonl', '{"externalId":\n\n{}\n');
    const records = await read(path, 'parley');
    expect(records.map((r) => r.line)).toEqual([1, 3]);
    expect(records[0]!.value).toEqual({ ok: false, reason: expect.stringMatching(/^not valid JSON/) });
  });
});

describe('JSON that is not one object per line', () => {
  const lines = (name: string) => readFileSync(join(examples, name), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
  const inputs = (records: SourceRecord[]) => records.map((r) => r.value);

  it('reads pretty-printed objects and a pretty-printed top-level array as it reads JSON lines', async () => {
    for (const [name, format] of [['zendesk.jsonl', 'zendesk'], ['chatwoot.jsonl', 'chatwoot'], ['parley.jsonl', 'parley']] as const) {
      const expected = inputs(await read(join(examples, name), format));
      const pretty = write('pretty.json', lines(name).map((v) => JSON.stringify(v, null, 2)).join('\n') + '\n');
      const array = write('array.json', JSON.stringify(lines(name), null, 2));
      const compactArray = write('compact.json', JSON.stringify(lines(name)));
      for (const path of [pretty, array, compactArray]) expect(inputs(await read(path, format))).toEqual(expected);
    }
  });

  it('resumes after any resume point of an array, pretty-printed or on one line, mid-array', async () => {
    const pretty = write('array.json', JSON.stringify(lines('zendesk.jsonl'), null, 2));
    const oneLine = write('line.json', JSON.stringify(lines('zendesk.jsonl')));
    for (const [path, starts] of [[pretty, [2, 90, 115, 115]], [oneLine, [1, 1, 1, 1]]] as const) {
      const all = await read(path, 'zendesk');
      expect(all.map((r) => r.line)).toEqual(starts);
      expect(all.map((r) => r.item)).toEqual([undefined, undefined, 1, 2]);
      expect(all.filter((r) => r.resumeAfter)).toHaveLength(3);
      for (const [i, record] of all.entries()) {
        if (!record.resumeAfter) continue;
        const rest = await read(path, 'zendesk', record.resumeAfter.bytes, record.resumeAfter.line);
        expect(rest).toEqual(all.slice(i + 1));
      }
    }
  });

  it('rejects an object over 64 MiB without holding it, and reads on from the next object', async () => {
    const huge = `{"externalId": "huge", "messages": [\n${'  {"role": "customer", "text": "hello"},\n'.repeat(1_700_000)}  {}]}\n`;
    const path = write('huge.json', `${huge}{"externalId": "next"}\n`);
    const records = await read(path, 'parley');
    expect(records.map((r) => [r.line, r.value.ok ? (r.value.input as { externalId: string }).externalId : r.value.reason])).toEqual([
      [1, expect.stringContaining('longer than 64 MiB')],
      [1_700_003, 'next'],
    ]);
  });

  it('reports an object cut short, and text outside any object, and reads on', async () => {
    const good = JSON.stringify({ externalId: 'x', messages: [{ role: 'customer' }] }, null, 0).replace(/([{[,])/g, '$1\n');
    expect(good.split('\n').filter((l) => l.startsWith('{')).length).toBe(2); // indent 0: a nested object in the first column
    const path = write('broken.json', `{"externalId": "cut\n${good}\nnot json\n[{"externalId":"a"},{"externalId":"b"}]\n{\n  "open": [\n`);
    const records = await read(path, 'parley');
    expect(records.map((r) => [r.line, r.item, r.value.ok, r.resumeAfter?.line])).toEqual([
      [1, undefined, false, 1],
      [2, undefined, true, 6],
      [7, undefined, false, 7],
      [8, undefined, true, 7], // two objects on one line: the first may resume where the second starts
      [8, undefined, true, 8],
      [9, undefined, false, 10],
    ]);
    const bytes = readFileSync(path);
    expect(records.filter((r) => r.value.ok).map((r) => bytes[r.offset!])).toEqual([...'{{{'].map((c) => c.charCodeAt(0)));
    expect(records.map((r) => (r.value.ok ? '' : r.value.reason))).toEqual([
      'not valid JSON: the object starting on line 1 is cut short',
      '',
      'not valid JSON: unexpected "n" outside an object',
      '',
      '',
      'not valid JSON: the object starting on line 9 is not closed at the end of the file',
    ]);
  });
});

describe('reading input', () => {
  it('gives the same records from a gzip file, and resumes at a byte offset in either', async () => {
    const text = (await import('node:fs')).readFileSync(join(examples, 'parley.jsonl'));
    const plain = write('p.jsonl', text);
    const gzip = write('p.jsonl.gz', gzipSync(text));
    expect((await inspectInput(gzip)).gzip).toBe(true);
    const all = await read(plain, 'parley');
    expect(await read(gzip, 'parley')).toEqual(all);
    const after = all[0]!.resumeAfter!;
    for (const path of [plain, gzip]) {
      expect(await read(path, 'parley', after.bytes, after.line)).toEqual(all.slice(1));
    }
  });

  it('counts byte offsets over CRLF, multi-byte characters and a missing final newline', async () => {
    const path = write('crlf.txt', '\uFEFFá\r\nbb\nccc');
    const lines = [];
    for await (const line of splitLines(createReadStream(path, { highWaterMark: 2 }))) lines.push(line);
    expect(lines.map((l) => [l.text, l.number, l.end])).toEqual([['á', 1, 7], ['bb', 2, 10], ['ccc', 3, 13]]);
  });

  it('sniffs the format from the first line', () => {
    expect(detectFormat('conversation_id,source,channel,role,sent_at,text').name).toBe('csv');
    expect(detectFormat('{"ticket":{"id":1,"requester_id":2,"via":{}}}').name).toBe('zendesk');
    expect(detectFormat('{"id":1,"inbox_id":2,"meta":{}}').name).toBe('chatwoot');
    expect(detectFormat('{"type":"conversation","id":"1","source":{}}').name).toBe('intercom');
    expect(detectFormat('{"externalId":"x"}').name).toBe('parley');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '../../src/db/queries/conversation-list';
import { conversationInput } from '../support/fixtures';
import { scoreStored } from '../support/scoring';
import { createTestStack, getJson, json, postJson, type Tenant, type TestStack } from '../support/stack';

let stack: TestStack;
let t: Tenant;
const ids: string[] = [];
beforeAll(async () => {
  stack = await createTestStack();
  t = await stack.tenant();
  const conversations = [
    conversationInput(t.slug, { id: 'a', start: '2026-09-01T10:00:00Z', lines: [['c', 0, 'my order is late'], ['a', 60, 'It ships today.'], ['c', 90, 'thanks, solved']] }),
    conversationInput(t.slug, { id: 'b', start: '2026-09-02T10:00:00Z', channel: 'email', lines: [['c', 0, 'refund please']] }),
    conversationInput(t.slug, { id: 'c', start: '2026-09-03T10:00:00Z', lines: [['c', 0, 'hello']] }),
  ];
  conversations[0]!.attributes = { greeting_variant: 'A' };
  conversations[1]!.attributes = { greeting_variant: 'B' };
  const res = await json(await postJson(stack.app, '/v1/conversations', { conversations }, t.auth));
  ids.push(...res.results.map((r: { id: string }) => r.id));
  for (const id of ids.slice(0, 2)) await scoreStored(stack.database, id);
});
afterAll(async () => {
  await stack.close();
});

/** RFC 4180 rows, enough for these tests (quoted cells may hold commas and doubled quotes). */
function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].slice(0, -1).map((m) => m[1]!.replace(/^"|"$/g, '').replaceAll('""', '"')));
}

describe('GET /v1/conversations/export', () => {
  it('streams CSV: a header, then one row per conversation, newest first, scored or not', async () => {
    const res = await getJson(stack.app, '/v1/conversations/export', t.auth);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="conversations.csv"');
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(rows.map((r) => r[1])).toEqual(['c', 'b', 'a']);
    const a = Object.fromEntries(header!.map((k, i) => [k, rows[2]![i]]));
    expect(a).toMatchObject({ id: ids[0], channel: 'web_chat', resolution: 'resolved', first_response_seconds: '60', reply_count: '1' });
    const unscored = Object.fromEntries(header!.map((k, i) => [k, rows[0]![i]]));
    expect(unscored).toMatchObject({ scored_revision: '', resolution: '' });
  });

  it('never lets a cell start a spreadsheet formula', async () => {
    const hostile = await stack.tenant();
    const input = conversationInput(hostile.slug, { id: '=HYPERLINK("http://evil","x")', customerId: '@SUM(A1)', lines: [['c', 0, 'hi']] });
    await postJson(stack.app, '/v1/conversations', input, hostile.auth);
    const [header, row] = parseCsv(await (await getJson(stack.app, '/v1/conversations/export', hostile.auth)).text());
    const cells = Object.fromEntries(header!.map((k, i) => [k, row![i]]));
    expect(cells.external_id).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(cells.customer_id).toBe(`'@SUM(A1)`);
  });

  it('streams JSON Lines with the same filters as the list, attributes included', async () => {
    const res = await getJson(stack.app, '/v1/conversations/export?format=jsonl&attr.greeting_variant=B', t.auth);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = (await res.text()).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ id: ids[1], channel: 'email', attributes: { greeting_variant: 'B' } });
    const resolved = (await (await getJson(stack.app, '/v1/conversations/export?format=jsonl&resolution=resolved', t.auth)).text()).trimEnd().split('\n');
    expect(resolved.map((l) => JSON.parse(l).id)).toEqual([ids[0]]);
    const list = await json(await getJson(stack.app, '/v1/conversations?resolution=resolved&attr.greeting_variant=A', t.auth));
    expect(list.conversations.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
  });

  it('pages through more conversations than one database read holds', async () => {
    const big = await stack.tenant();
    for (let start = 0; start < 1_200; start += 500) {
      const batch = Array.from({ length: Math.min(500, 1_200 - start) }, (_, i) =>
        conversationInput(big.slug, { id: `m-${start + i}`, start: new Date(Date.UTC(2026, 0, 1) + (start + i) * 60_000).toISOString(), lines: [['c', 0, 'hi']] }),
      );
      await postJson(stack.app, '/v1/conversations', { conversations: batch }, big.auth);
    }
    const lines = (await (await getJson(stack.app, '/v1/conversations/export?format=jsonl', big.auth)).text()).trimEnd().split('\n');
    expect(lines).toHaveLength(1_200);
    expect(new Set(lines.map((l) => JSON.parse(l).id)).size).toBe(1_200);
  }, 60_000);

  it('refuses an unknown format or filter value naming the parameter', async () => {
    expect(await json(await getJson(stack.app, '/v1/conversations/export?format=xlsx', t.auth))).toMatchObject({ code: 'invalid_parameter', field: 'format' });
    expect(await json(await getJson(stack.app, '/v1/conversations/export?handledBy=alien', t.auth))).toMatchObject({ field: 'handledBy' });
  });
});

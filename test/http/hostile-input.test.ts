import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, LIMITS, ROLES } from '../../src/contract/conversation';
import { redactText } from '../../src/privacy/redact';
import { PII_TYPES } from '../../src/privacy/settings';
import { createTenant, createTestStack, type Tenant, type TestStack } from '../support/stack';

/**
 * At least 10,000 generated payloads: batches that mix valid conversations with ones broken in a
 * known way, and raw bodies that are not conversations at all. No answer may be a 5xx; every valid
 * conversation is stored whole, every broken one not at all; the API still answers afterwards.
 */
const BATCHES = 450;
const ITEMS_PER_BATCH = 20;
const RAW_BODIES = 1_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

let stack: TestStack;
let tenant: Tenant;
let other: Tenant;
beforeAll(async () => {
  stack = await createTestStack();
  tenant = await createTenant(stack.database.db, ['ingest', 'read'], undefined, 1_000_000);
  other = await createTenant(stack.database.db, ['ingest']);
});
afterAll(async () => {
  await stack.close();
});

let serial = 0;
const nextId = () => `fuzz-${serial++}`;

// Text that must survive storage unchanged: any code point but NUL, plus the classics of injection.
const nasty = fc.constantFrom(
  "'; DROP TABLE conversations; --",
  '<script>alert(document.cookie)</script>',
  '{"$where": "sleep(1000)"}',
  '${process.exit(1)}',
  '\u202Eevil\u202C',
  'e\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '\u200B\u200D\uFEFF',
  'مرحبا بالعالم',
  '   ',
  '',
  '__proto__',
  '%s%n%x',
  '\\u0000',
);
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }).map((s) => s.replaceAll('\u0000', '')), nasty, fc.string({ unit: 'grapheme', maxLength: 80 }));

const MIN_TIME = Date.parse('2001-01-01T00:00:00Z');
const MAX_TIME = Date.now() - 86_400_000;

const validConversation = fc
  .record({
    channel: fc.constantFrom(...CHANNELS),
    source: fc.constantFrom('zendesk', 'webchat-bot', 'wa.business', 'x_1'),
    language: fc.option(fc.constantFrom('en', 'pt-BR', 'es', 'ro', 'fr-CA'), { nil: undefined }),
    customerId: fc.option(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ''), { nil: undefined }),
    start: fc.integer({ min: MIN_TIME, max: MAX_TIME - 3_600_000 }),
    messages: fc.array(fc.record({ role: fc.constantFrom(...ROLES), text, gap: fc.integer({ min: 0, max: 600_000 }) }), { minLength: 1, maxLength: 8 }),
    attributes: fc.dictionary(fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)), text, { maxKeys: 5 }),
  })
  .map((c) => {
    let at = c.start;
    return {
      externalId: nextId(),
      source: c.source,
      channel: c.channel,
      ...(c.language ? { language: c.language } : {}),
      ...(c.customerId ? { customerId: c.customerId } : {}),
      messages: c.messages.map((m) => {
        at = Math.min(at + m.gap, MAX_TIME);
        return { role: m.role, text: m.text, sentAt: new Date(at).toISOString() };
      }),
      attributes: c.attributes,
    };
  });

type Payload = Record<string, any>;
const wrongValue = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}), fc.double());
const setOwn = (o: Payload, key: string, value: unknown) => Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });

/** Ways to break a valid conversation, each certain to make it invalid. */
const breakages: fc.Arbitrary<(c: Payload) => void>[] = [
  fc.constantFrom('externalId', 'source', 'channel', 'messages').map((field) => (c) => void delete c[field]),
  // A value of another JSON type than the field's: strings get non-strings, arrays non-arrays, objects non-objects.
  fc.tuple(fc.constantFrom('externalId', 'source', 'channel', 'language', 'customerId'), fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}))).map(
    ([field, value]) => (c) => void (c[field] = value),
  ),
  fc.tuple(fc.constantFrom('messages', 'events'), fc.oneof(fc.integer(), fc.constant('[]'), fc.constant(null), fc.constant({}))).map(([field, value]) => (c) => void (c[field] = value)),
  fc.oneof(fc.integer(), fc.constant('{}'), fc.constant(null), fc.constant([])).map((value) => (c) => void (c.attributes = value)),
  fc.tuple(fc.constantFrom('text', 'role', 'sentAt', 'authorId'), wrongValue).map(([field, value]) => (c) => {
    c.messages[0][field] = value;
  }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', '$where', 'workspaceId', 'id').map((key) => (c) => void setOwn(c, key, { polluted: true })),
  fc.constantFrom('__proto__', 'constructor', 'prototype').map((key) => (c) => void setOwn(c.attributes, key, 'x')),
  fc.constantFrom('__proto__', 'score', 'seq').map((key) => (c) => void setOwn(c.messages[0], key, 1)),
  fc.constant((c: Payload) => void (c.messages[0].text = 'x'.repeat(LIMITS.textChars + 1))),
  fc.constant((c: Payload) => void (c.externalId = 'e'.repeat(LIMITS.idChars + 1))),
  fc.constant((c: Payload) => void (c.attributes.long = 'v'.repeat(LIMITS.attributeValueChars + 1))),
  fc.constant((c: Payload) => void (c.messages[0].authorName = 'n'.repeat(LIMITS.nameChars + 1))),
  fc.constant((c: Payload) => {
    c.attributes = Object.fromEntries(Array.from({ length: LIMITS.attributeCount + 1 }, (_, i) => [`k${i}`, 'v']));
  }),
  fc.constant((c: Payload) => void (c.messages = [])),
  fc.constant((c: Payload) => void (c.events = Array.from({ length: LIMITS.eventsPerConversation + 1 }, () => ({ type: 'handoff', at: c.messages[0].sentAt })))),
  fc.constantFrom('bad \u0000 byte', 'broken \ud800 pair', 'trail \udfff').map((bad) => (c) => void (c.messages[0].text = bad)),
  fc.constantFrom('\u0000', '\udbff').map((bad) => (c) => void (c.attributes.x = `a${bad}b`)),
  fc
    .constantFrom('yesterday', '2026-13-45T00:00:00Z', '2026-03-01T10:00:00', '1999-12-31T23:59:59Z', '2999-01-01T00:00:00Z', '', 'NaN')
    .map((bad) => (c) => void (c.messages[0].sentAt = bad)),
  fc.constant((c: Payload) => {
    c.messages.push({ role: 'customer', text: 'earlier', sentAt: new Date(Date.parse(c.messages[c.messages.length - 1].sentAt) - 1_000).toISOString() });
  }),
  fc.constantFrom('carrier-pigeon', 'WEB_CHAT', '').map((bad) => (c) => void (c.channel = bad)),
  fc.constantFrom('admin', 'Customer', '').map((bad) => (c) => void (c.messages[0].role = bad)),
  fc.constantFrom('english', 'EN', 'pt_BR', '12').map((bad) => (c) => void (c.language = bad)),
  fc.constantFrom('Zendesk', 'has space', '../etc/passwd', '').map((bad) => (c) => void (c.source = bad)),
  fc
    .constantFrom(
      { type: 'survey', metric: 'csat', score: 6 },
      { type: 'survey', metric: 'nps', score: -1 },
      { type: 'survey', metric: 'csat', score: 4.5 },
      { type: 'conversion', value: -5 },
      { type: 'conversion', currency: 'eur' },
      { type: 'teleport' },
    )
    .map((event) => (c) => void (c.events = [{ ...event, at: c.messages[0].sentAt }])),
  fc.constant((c: Payload) => void (c.workspace = other.slug)),
  fc.constant((c: Payload) => void (c.externalId = '   ')),
];
const broken = fc.tuple(validConversation, fc.nat(breakages.length - 1).chain((kind) => breakages[kind]!.map((breakIt) => ({ kind, breakIt })))).map(
  ([c, { kind, breakIt }]) => {
    const copy: Payload = JSON.parse(JSON.stringify(c));
    breakIt(copy);
    return { payload: copy, intendedId: c.externalId, kind };
  },
);

const item = fc.oneof(
  validConversation.map((c) => ({ valid: true as const, payload: c as Payload, intendedId: c.externalId, kind: -1 })),
  broken.map((b) => ({ valid: false as const, ...b })),
);

const stored = new Map<string, Payload>(); // externalId -> what was sent
const refused = new Set<string>();
let payloads = 0;

async function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await stack.app.request('/v1/conversations', { method: 'POST', headers: { ...tenant.auth, ...headers }, body });
  return { status: res.status, body: (await res.json().catch(() => null)) as any, type: res.headers.get('content-type') };
}

describe('hostile and broken input', () => {
  it('batches mixing valid and broken conversations: per-item statuses, no 5xx, valid neighbours stored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: ITEMS_PER_BATCH, maxLength: ITEMS_PER_BATCH }), async (items) => {
        payloads += items.length;
        const res = await post(JSON.stringify({ conversations: items.map((i) => i.payload) }));
        expect(res.status).toBeLessThan(500);
        const anyValid = items.some((i) => i.valid);
        expect(res.status).toBe(anyValid ? 202 : 422);
        if (!anyValid) {
          items.forEach((i) => refused.add(i.intendedId));
          return;
        }
        items.forEach((i, index) => {
          const result = res.body.results[index];
          if (i.valid) {
            expect(result.status, JSON.stringify(i.payload).slice(0, 300)).toBe('created');
            stored.set(i.intendedId, i.payload);
          } else {
            expect(result.status, `breakage #${i.kind}: ${JSON.stringify(i.payload).slice(-300)}`).toBe('rejected');
            expect(result.errors.length).toBeGreaterThan(0);
            expect(result.errors.every((e: { field: string }) => e.field.startsWith(`conversations[${index}]`))).toBe(true);
            refused.add(i.intendedId);
          }
        });
      }),
      { numRuns: BATCHES, seed: SEED, endOnFailure: true },
    );
  }, 300_000);

  it('bodies that are not conversations at all: always a 4xx problem, never a 5xx', async () => {
    const rawBody = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
      fc.integer({ min: 1_000, max: 200_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
      fc.integer({ min: 1, max: 50_000 }).map((n) => `{"conversations": [${'{},'.repeat(n)}{}]}`),
      fc.constantFrom('', '{', '{"conversations": null}', '{"conversations": {}}', '{"__proto__": {"admin": true}}', '{"constructor": {"prototype": {}}}', '\uFEFF{}', 'null'),
    );
    await fc.assert(
      fc.asyncProperty(rawBody, async (body) => {
        payloads += 1;
        const res = await post(body);
        expect(res.status, body.slice(0, 200)).toBeGreaterThanOrEqual(400);
        expect(res.status, body.slice(0, 200)).toBeLessThan(500);
        expect(res.type).toBe('application/problem+json');
        expect(typeof res.body.code).toBe('string');
      }),
      { numRuns: RAW_BODIES - 20, seed: SEED, endOnFailure: true },
    );
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/jsonx']) {
      for (let i = 0; i < 4; i++) {
        payloads += 1;
        const res = await post('{"a":1}', { 'content-type': type });
        expect(res.status, type).toBe(415);
      }
    }
  }, 300_000);

  it('query strings, path ids and the other endpoints’ bodies: 4xx for what is wrong, never a 5xx', async () => {
    const admin = await createTenant(stack.database.db, ['read', 'review', 'admin'], tenant.slug, 1_000_000);
    const instant = fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    // Well-formed values matter as much as junk: they are the ones that reach the SQL.
    const wellFormed = fc.oneof(
      instant,
      instant.map((d) => d.slice(0, 10)),
      fc.constantFrom(...CHANNELS, 'Europe/Lisbon', 'America/Sao_Paulo', '1', '200', '50'),
      fc.tuple(instant, fc.uuid()).map(([at, id]) => Buffer.from(`${at}|${id}`).toString('base64url')),
    );
    const kpiValue = fc.oneof(
      fc.constantFrom('hour', 'day', 'week', 'month', 'agent', 'team', 'channel,agent', 'attr.greeting_variant,intent', 'handledBy,language', '7', '90', '0', 'csv', 'jsonl', 'resolved'),
      instant.map((d) => d.slice(0, 10)),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    // NUL is the one character Postgres refuses outright: it must be turned away before any query.
    const nul = fc.constantFrom('a\u0000b', '\u0000', 'x\u0000');
    const junk = fc.oneof(
      wellFormed,
      nul,
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.constantFrom("' or 1=1 --", '../../etc', '%00', '-1', '1e309', 'NaN', '2026-02-30', '9'.repeat(40)),
    );
    const requests = fc.oneof(
      fc.dictionary(fc.constantFrom('from', 'to', 'timeZone', 'source', 'channel', 'customerId', 'limit', 'cursor'), junk, { minKeys: 1, maxKeys: 4 }).map(
        (query) => ({ method: 'GET', path: `/v1/conversations?${new URLSearchParams(query)}` }),
      ),
      fc
        .dictionary(fc.constantFrom('from', 'to', 'timeZone', 'interval', 'groupBy', 'fcrWindowDays', 'channel', 'attr.greeting_variant', 'intent'), kpiValue, {
          minKeys: 1,
          maxKeys: 5,
        })
        .map((query) => ({ method: 'GET', path: `/v1/kpis?${new URLSearchParams(query)}` })),
      fc
        .dictionary(fc.constantFrom('a.from', 'b.to', 'a.channel', 'b.attr.x', 'from', 'a.fcrWindowDays', 'b.timeZone', 'a.handledBy'), kpiValue, { minKeys: 1, maxKeys: 5 })
        .map((query) => ({ method: 'GET', path: `/v1/kpis/compare?${new URLSearchParams(query)}` })),
      fc.dictionary(fc.constantFrom('format', 'from', 'attr.k', 'resolution', 'language'), kpiValue, { minKeys: 1, maxKeys: 3 }).map(
        (query) => ({ method: 'GET', path: `/v1/conversations/export?${new URLSearchParams(query)}` }),
      ),
      fc.tuple(fc.constantFrom('limit', 'before'), junk).map(([name, value]) => ({ method: 'GET', path: `/v1/audit?${new URLSearchParams({ [name]: value })}` })),
      junk.map((id) => ({ method: 'GET', path: `/v1/conversations/${encodeURIComponent(id)}` })),
      junk.map((id) => ({ method: 'DELETE', path: `/v1/keys/${encodeURIComponent(id)}` })),
      fc.tuple(fc.constantFrom('/v1/keys', '/v1/erasures', `/v1/conversations/00000000-0000-4000-8000-000000000000/reviews`), fc.jsonValue({ maxDepth: 3 })).map(
        ([path, body]) => ({ method: 'POST', path, body: JSON.stringify(body) ?? 'null' }),
      ),
      fc
        .tuple(fc.constantFrom('redaction', 'flagThresholds'), fc.jsonValue({ maxDepth: 3 }))
        .map(([setting, body]) => ({ method: 'PATCH', path: '/v1/workspace', body: JSON.stringify({ [setting]: body }) })),
      fc
        .oneof(fc.jsonValue({ maxDepth: 2 }), fc.record({ key: fc.string({ unit: 'binary', maxLength: 300 }) }))
        .map((body) => ({ method: 'POST', path: '/ui/session', body: JSON.stringify(body) ?? 'null' })),
      fc
        .record({ byChannel: fc.dictionary(fc.constantFrom('email', 'whatsapp', 'fax', '__proto__'), fc.jsonValue({ maxDepth: 1 })) })
        .map((flagThresholds) => ({ method: 'PATCH', path: '/v1/workspace', body: JSON.stringify({ flagThresholds }) })),
      fc
        .oneof(fc.jsonValue({ maxDepth: 1 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom('Mars/Olympus', '+05:30', 'utc ', 'Europe/Lisbon\u0000'))
        .map((timeZone) => ({ method: 'PATCH', path: '/v1/workspace', body: JSON.stringify({ timeZone }) })),
      fc
        .tuple(nul, fc.constantFrom('keys', 'erasures', 'reviews', 'businessHours'))
        .map(([bad, where]) =>
          where === 'keys'
            ? { method: 'POST', path: '/v1/keys', body: JSON.stringify({ name: bad, scopes: ['read'] }) }
            : where === 'erasures'
              ? { method: 'POST', path: '/v1/erasures', body: JSON.stringify({ customerId: bad }) }
              : where === 'reviews'
                ? { method: 'POST', path: `/v1/conversations/00000000-0000-4000-8000-000000000000/reviews`, body: JSON.stringify({ comment: bad }) }
                : { method: 'PATCH', path: '/v1/workspace', body: JSON.stringify({ businessHours: { timeZone: bad, weekly: {} } }) },
        ),
    );
    await fc.assert(
      fc.asyncProperty(requests, async (r: { method: string; path: string; body?: string }) => {
        const res = await stack.app.request(r.path, {
          method: r.method,
          headers: { ...admin.auth, ...(r.body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: r.body,
        });
        expect(res.status, `${r.method} ${r.path} ${r.body ?? ''}`.slice(0, 300)).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers.get('content-type')).toBe('application/problem+json');
      }),
      { numRuns: 600, seed: SEED, endOnFailure: true },
    );
  }, 120_000);

  it('left exactly the valid conversations in Postgres, each whole, and nothing of the rest', async () => {
    expect(payloads).toBeGreaterThanOrEqual(10_000);
    const rows = await stack.database.db.execute<{ external_id: string; message_count: number; rows: string; texts: string[] }>(sql`
      select c.external_id, c.message_count, coalesce(jsonb_array_length(t.messages), 0) as rows,
             array(select m ->> 'text' from jsonb_array_elements(t.messages) with ordinality as x(m, i) order by i) as texts
      from conversations c left join transcripts t on t.conversation_id = c.id
      where c.workspace_id = ${tenant.id}`);
    const byId = new Map(rows.map((r) => [r.external_id, r]));
    expect(byId.size).toBe(stored.size);
    const all = new Set(PII_TYPES);
    for (const [id, sent] of stored) {
      const row = byId.get(id);
      expect(row, id).toBeDefined();
      expect(Number(row!.rows)).toBe(sent.messages.length);
      expect(row!.message_count).toBe(sent.messages.length);
      expect(row!.texts).toEqual(sent.messages.map((m: { text: string }) => redactText(m.text, all)));
    }
    for (const id of refused) if (!stored.has(id)) expect(byId.has(id), id).toBe(false);
    const [elsewhere] = await stack.database.db.execute<{ n: string }>(sql`select count(*) as n from conversations where workspace_id = ${other.id}`);
    expect(elsewhere!.n).toBe('0');
    expect((await stack.app.request('/healthz')).status).toBe(200);
  });
});

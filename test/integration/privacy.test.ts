import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/lib/logger';
import { conversationInput } from '../support/fixtures';
import { killStrayWorkers, listen, scoredCount, startWorker, stopWorker, waitUntil } from '../support/processes';
import { createTestStack, type Tenant, type TestStack } from '../support/stack';

/**
 * Conversations full of personal data go through the real path (HTTP API, Redis queue, a worker
 * process, Postgres); then everything each part holds is searched for that data.
 */
const PERSONAL = {
  email: 'ana.souza@example.com.br',
  phone: '+55 11 98765-4321',
  card: '4111 1111 1111 1111',
  iban: 'PT50 0002 0123 1234 5678 9015 4',
  cpf: '529.982.247-25',
  cnp: '1960315071239',
  dni: '12345678Z',
  nie: 'X1234567L',
};
const CUSTOMER_NAME = 'Ana Souza Pereira';
const needles = [...Object.values(PERSONAL), CUSTOMER_NAME, '98765-4321', '4111111111111111', '52998224725', 'ana.souza'];

let stack: TestStack;
let server: Awaited<ReturnType<typeof listen>>;
let base: string;
let worker: ReturnType<typeof startWorker>;
let tenant: Tenant;
const apiLogs: string[] = [];
const ids: string[] = [];

async function post(body: unknown) {
  const res = await fetch(`${base}/v1/conversations`, { method: 'POST', headers: { ...tenant.auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  stack = await createTestStack();
  // The API as deployed, but logging everything down to debug into memory.
  const logger = createLogger('debug', {}, { write: (line: string) => void apiLogs.push(line) });
  const app = createApp({ ...stack.deps, logger });
  server = await listen(app);
  base = server.base;
  worker = startWorker(stack.config, { LOG_LEVEL: 'debug' });
  tenant = await stack.tenant();

  const pt = conversationInput(tenant.slug, {
    id: 'pii-pt',
    customerId: PERSONAL.email,
    lines: [
      ['c', 0, `Olá, o meu e-mail é ${PERSONAL.email} e o telefone ${PERSONAL.phone}. CPF ${PERSONAL.cpf}`],
      ['a', 60, 'Obrigado, vou verificar.'],
      ['c', 120, `O reembolso pode ir para o IBAN ${PERSONAL.iban}?`],
    ],
  });
  const mixed = conversationInput(tenant.slug, {
    id: 'pii-mixed',
    lines: [
      ['c', 0, `My card ${PERSONAL.card} was charged twice`],
      ['a', 60, 'Sorry about that.'],
      ['c', 90, `CNP-ul meu este ${PERSONAL.cnp}; mi DNI es ${PERSONAL.dni} y NIE ${PERSONAL.nie}`],
    ],
  });
  pt.messages[0]!.authorName = CUSTOMER_NAME;
  const res = await post({ conversations: [pt, { ...mixed, attributes: { contact: PERSONAL.phone } }] });
  expect(res.status).toBe(202);
  ids.push(...res.body.results.map((r: { id: string }) => r.id));
  // A validation error must not echo the personal data it rejects either.
  const rejected = await post({ ...pt, externalId: 'bad', channel: PERSONAL.email });
  expect(rejected.status).toBe(422);
  expect(JSON.stringify(rejected.body)).not.toContain(PERSONAL.email);
  await waitUntil('both to be scored', 30_000, async () => (await scoredCount(stack.database.db, tenant.slug)) === 2);
}, 60_000);

afterAll(async () => {
  await stopWorker(worker);
  killStrayWorkers();
  await server.close();
  await stack.close();
});

const leaks = (haystack: string) => needles.filter((n) => haystack.includes(n));

describe('personal data at ingest', () => {
  it('is reported per conversation, and the stored text carries typed placeholders', async () => {
    const res = await fetch(`${base}/v1/conversations/${ids[0]}`, { headers: tenant.auth });
    const body = (await res.json()) as any;
    expect(body.messages[0].text).toBe('Olá, o meu e-mail é [EMAIL] e o telefone [PHONE]. CPF [CPF]');
    expect(body.messages[0].authorName).toBe('[NAME]');
    expect(body.messages[2].text).toBe('O reembolso pode ir para o IBAN [IBAN]?');
    expect(body.customerId).toMatch(/^email-[0-9a-f]{24}$/);
    const other = (await (await fetch(`${base}/v1/conversations/${ids[1]}`, { headers: tenant.auth })).json()) as any;
    expect(other.messages[2].text).toBe('CNP-ul meu este [CNP]; mi DNI es [DNI] y NIE [NIE]');
    expect(other.attributes).toEqual({ contact: '[PHONE]' });
    expect(other.scoring.status).toBe('scored');
  });

  it('is nowhere in Postgres', async () => {
    const tables = ['conversations', 'conversation_scores', 'reviews', 'audit_log'];
    for (const table of tables) {
      const rows = await stack.database.db.execute(sql`select row_to_json(t)::text as j from ${sql.identifier(table)} t where workspace_id = ${tenant.id}`);
      expect(leaks(rows.map((r) => r.j).join('\n')), table).toEqual([]);
    }
    const transcripts = await stack.database.db.execute(sql`
      select t.messages::text as j from transcripts t join conversations c on c.id = t.conversation_id where c.workspace_id = ${tenant.id}`);
    expect(transcripts.length).toBeGreaterThan(0);
    expect(leaks(transcripts.map((r) => r.j).join('\n')), 'transcripts').toEqual([]);
  });

  it('is nowhere in Redis', async () => {
    const dump: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await stack.redis.scan(cursor, 'MATCH', `${stack.config.QUEUE_PREFIX}*`, 'COUNT', 500);
      for (const key of keys) {
        const type = await stack.redis.type(key);
        if (type === 'string') dump.push((await stack.redis.get(key)) ?? '');
        else if (type === 'hash') dump.push(JSON.stringify(await stack.redis.hgetall(key)));
        else if (type === 'list') dump.push(JSON.stringify(await stack.redis.lrange(key, '0', '-1')));
        else if (type === 'set') dump.push(JSON.stringify(await stack.redis.smembers(key)));
        else if (type === 'zset') dump.push(JSON.stringify(await stack.redis.zrange(key, '0', '-1')));
        else if (type === 'stream') dump.push(JSON.stringify(await stack.redis.xrange(key, '-', '+')));
      }
      cursor = next;
    } while (cursor !== '0');
    expect(dump.length).toBeGreaterThan(0);
    expect(leaks(dump.join('\n'))).toEqual([]);
  });

  it('is nowhere in the API and worker logs, even at debug level', () => {
    expect(apiLogs.length).toBeGreaterThan(0);
    expect(worker.output.join('').length).toBeGreaterThan(0);
    expect(leaks(apiLogs.join(''))).toEqual([]);
    expect(leaks(worker.output.join(''))).toEqual([]);
  });
});

describe('erasure', () => {
  it('deletes a customer’s conversations with their scores, found by the id as sent, and audits it without content', async () => {
    const erased = await fetch(`${base}/v1/erasures`, {
      method: 'POST',
      headers: { ...tenant.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: PERSONAL.email }),
    });
    const body = (await erased.json()) as any;
    expect(body.erased).toEqual([ids[0]]);
    for (const table of ['conversations', 'transcripts', 'conversation_scores']) {
      const column = table === 'conversations' ? sql`id` : sql`conversation_id`;
      const [row] = await stack.database.db.execute<{ n: string }>(sql`select count(*) as n from ${sql.identifier(table)} where ${column} = ${ids[0]}`);
      expect(row!.n, table).toBe('0');
    }
    const audit = (await (await fetch(`${base}/v1/audit`, { headers: tenant.auth })).json()) as any;
    const entry = audit.entries.find((e: { action: string }) => e.action === 'customer.erased');
    expect(entry).toMatchObject({ actor: tenant.keyId, details: { conversations: 1, conversationIds: [ids[0]], customer: expect.stringMatching(/^email-/) } });
    expect(leaks(JSON.stringify(audit))).toEqual([]);

    const one = await fetch(`${base}/v1/conversations/${ids[1]}`, { method: 'DELETE', headers: tenant.auth });
    expect(one.status).toBe(200);
    expect((await fetch(`${base}/v1/conversations/${ids[1]}`, { headers: tenant.auth })).status).toBe(404);
    expect((await fetch(`${base}/v1/conversations/${ids[1]}`, { method: 'DELETE', headers: tenant.auth })).status).toBe(404);
  });
});

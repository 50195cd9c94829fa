import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationInput } from '../../src/contract/conversation';
import { refreshAllRollups, refreshRollups } from '../../src/db/queries/kpi-rollups';
import { waitUntil } from '../support/processes';
import type { Logger } from '../../src/lib/logger';
import { startRollupRefresher } from '../../workers/kpi-rollups';
import { RELATIVE_ACCURACY } from '../../src/kpis/rollup/histogram';
import { localDay, localInstant } from '../../src/lib/time-zone';
import { conversationInput, type Line } from '../support/fixtures';
import { scoreAllStored } from '../support/scoring';
import { SCOPES } from '../../src/auth/api-key';
import { createTenant, createTestStack, getJson, json, postJson, uniqueId, type Tenant, type TestStack } from '../support/stack';

/**
 * The rollups must say what the conversations say: every KPI of a query matrix is answered both
 * ways (exact=true reads the conversations) and compared; counts and means exactly, percentiles
 * within the histograms' 1%.
 */
let stack: TestStack;
let t: Tenant;
const ZONE = 'Europe/Lisbon';

/** A small deterministic generator (mulberry32), so the data is the same every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** 160 conversations over October and early November 2026 (Lisbon leaves summer time on 25 October). */
function dataset(slug: string, count = 160): ConversationInput[] {
  const r = random(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(Date.UTC(2026, 9, 1) + Math.floor(r() * 40 * 86_400) * 1000).toISOString();
    const human = r() < 0.7;
    const reply = 20 + Math.floor(r() * 900);
    const lines: Line[] = human
      ? [['c', 0, pick(['my order has not arrived', 'I was charged twice', 'cannot log in'])], ['a', reply, 'Sorry about that, I have fixed it.'], ['c', reply + 40, pick(['thanks, great', 'still broken', 'ok'])]]
      : [['b', 0, 'Hi! How can I help?'], ['c', 5, pick(['where is my order', 'hello'])], ['b', 7, 'It arrives on Friday.']];
    const events: Parameters<typeof conversationInput>[1]['events'] = [];
    if (r() < 0.5) events.push(['resolved', reply + 60, human ? 'agent' : 'bot']);
    if (r() < 0.1) events.push(['reopened', reply + 120]);
    if (r() < 0.3) events.push(['csat', reply + 90, 1 + Math.floor(r() * 5)]);
    if (r() < 0.2) events.push(['nps', reply + 90, Math.floor(r() * 11)]);
    if (r() < 0.1) events.push(['conversion', reply + 50, 'order', Math.round(r() * 10_000) / 100, pick(['EUR', 'EUR', 'USD'])]);
    const built = conversationInput(slug, {
      id: `r-${i}`,
      start,
      channel: pick(['web_chat', 'whatsapp', 'email'] as const),
      source: pick(['zendesk', 'widget']),
      customerId: r() < 0.8 ? `cust-${Math.floor(r() * 40)}` : undefined,
      agent: pick(['agent-ana', 'agent-rui', 'agent-ion']),
      attributes: { greeting_variant: pick(['A', 'B']), ...(r() < 0.5 ? { campaign: pick(['spring', 'autumn']) } : {}) },
      lines,
      events,
    });
    if (human && r() < 0.6) built.events = [...(built.events ?? []), { type: 'assigned', at: start, agentId: 'agent-ana', team: pick(['billing', 'support']) }];
    return built;
  });
}

/** The conversation moved `ms` later, messages and events alike. */
function shifted(c: ConversationInput, ms: number): ConversationInput {
  const move = (at: string) => new Date(Date.parse(at) + ms).toISOString();
  return { ...c, messages: c.messages.map((m) => ({ ...m, sentAt: move(m.sentAt) })), events: (c.events ?? []).map((e) => ({ ...e, at: move(e.at) })) };
}

async function ingest(tenant: Tenant, conversations: ConversationInput[]): Promise<string[]> {
  const res = await json(await postJson(stack.app, '/v1/conversations', { conversations }, tenant.auth));
  expect(res.accepted).toBe(conversations.length);
  const ids = res.results.map((x: { id: string }) => x.id);
  await scoreAllStored(stack.database, ids);
  return ids;
}

// This file's workspaces only: other files' imports and workers keep marking days in the shared
// database, and refreshing theirs too could outlast any timeout on a slow machine.
const ours: string[] = [];
const refreshAll = async () => {
  for (const workspaceId of ours) await refreshAllRollups(stack.database.db, { workspaceId });
};

const kpis = async (tenant: Tenant, query: string) => json(await getJson(stack.app, `/v1/kpis?${query}`, tenant.auth));

const PERCENTILES = new Set(['median', 'p90']);

/** Every difference between two answers beyond rounding (percentiles: beyond the histograms' accuracy). */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    const tolerance = PERCENTILES.has(path.split('.').pop()!) ? RELATIVE_ACCURACY * Math.abs(b) + 1e-9 : 1e-9 * Math.max(1, Math.abs(b));
    return Math.abs(a - b) <= tolerance ? [] : [`${path}: ${a} vs ${b}`];
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return a === b ? [] : [`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
}

async function expectSameBothWays(tenant: Tenant, query: string, computedFrom = 'rollups'): Promise<void> {
  const rolled = await kpis(tenant, query);
  const exact = await kpis(tenant, `${query}&exact=true`);
  expect(rolled.computedFrom, query).toBe(computedFrom);
  expect(exact.computedFrom).toBe('conversations');
  const { computedFrom: _a, ...r } = rolled;
  const { computedFrom: _b, ...e } = exact;
  expect(differences(r, e), query).toEqual([]);
}

// A dashboard's worth of queries, many times over: more than the default rate limit allows.
async function tenant(): Promise<Tenant> {
  const created = await createTenant(stack.database.db, SCOPES, uniqueId('ws'), 1_000_000);
  ours.push(created.id);
  return created;
}

beforeAll(async () => {
  // The rollups answer however few conversations there are, so 160 exercise them.
  stack = await createTestStack({ KPI_EXACT_BELOW: '0' });
  t = await tenant();
  await stack.database.db.execute(sql`update workspaces set time_zone = ${ZONE} where id = ${t.id}`);
  await ingest(t, dataset(t.slug));
  await refreshAll();
});
afterAll(async () => {
  await stack.close();
});

const RANGE = 'from=2026-10-01&to=2026-11-11';

describe('KPI rollups', () => {
  it('answer a matrix of queries exactly as the conversations do', async () => {
    const queries = [
      '',
      'interval=day',
      'interval=week',
      'interval=month',
      ...['channel', 'source', 'language', 'handledBy', 'intent', 'agent', 'team', 'attr.greeting_variant', 'attr.campaign'].map((d) => `groupBy=${d}`),
      'interval=day&groupBy=channel',
      'interval=month&groupBy=agent',
      'channel=whatsapp&interval=day',
      'attr.greeting_variant=A',
      'attr.campaign=spring&groupBy=attr.campaign',
      'handledBy=bot&interval=week',
      'agent=agent-rui&interval=week',
      'team=billing',
    ];
    for (const q of queries) await expectSameBothWays(t, `${RANGE}&${q}`);
  });

  it("apply reviewers' labels where they gave them, say how many, and keep Parley's with overrides=false", async () => {
    const before = await kpis(t, RANGE);
    expect(before.summary.reviewed).toBe(0);
    const [resolved] = (await json(await getJson(stack.app, '/v1/conversations?resolution=resolved&limit=1', t.auth))).conversations;
    const review = await postJson(stack.app, `/v1/conversations/${resolved.id}/reviews`, { labels: { resolution: 'unresolved', sentiment: 'negative', satisfaction: 1 } }, t.auth);
    expect(review.status).toBe(201);
    const after = await kpis(t, RANGE);
    expect(after.computedFrom).toBe('rollups');
    expect(after.summary.reviewed).toBe(1);
    expect(after.summary.resolution.resolved).toBe(before.summary.resolution.resolved - 1);
    expect(after.summary.predictedCsat.distribution['1']).toBe(before.summary.predictedCsat.distribution['1'] + 1);
    await expectSameBothWays(t, `${RANGE}&interval=week&groupBy=intent`);
    await refreshAll();
    await expectSameBothWays(t, `${RANGE}&interval=day`);
    // Parley's own labels on request; the drill-down agrees with whichever the KPI used.
    const own = await kpis(t, `${RANGE}&overrides=false`);
    expect(own).toMatchObject({ computedFrom: 'conversations', summary: { reviewed: 0, resolution: { resolved: before.summary.resolution.resolved } } });
    const listed = async (query: string) => (await json(await getJson(stack.app, `/v1/conversations?${RANGE}&limit=200&resolution=resolved${query}`, t.auth))).conversations.length;
    expect(await listed('')).toBe(after.summary.resolution.resolved);
    expect(await listed('&overrides=false')).toBe(before.summary.resolution.resolved);
  });

  it('read partial days at both ends from the conversations', async () => {
    await expectSameBothWays(t, 'from=2026-10-03T13:17:00Z&to=2026-10-20T08:00:00Z&interval=day&groupBy=channel');
    await expectSameBothWays(t, 'from=2026-10-25T10:00:00Z&to=2026-10-26T03:00:00Z&groupBy=agent');
  });

  it('leave to the conversations what they cannot answer', async () => {
    await expectSameBothWays(t, 'interval=hour&from=2026-10-01&to=2026-10-08', 'conversations');
    for (const q of ['timeZone=UTC', 'groupBy=channel,agent', 'resolution=resolved', 'fcrWindowDays=3', 'channel=email&groupBy=agent']) {
      await expectSameBothWays(t, `${RANGE}&${q}`, 'conversations');
    }
  });

  it('include a conversation scored a moment ago, before its day is rebuilt, and after', async () => {
    const before = await kpis(t, RANGE);
    const [extra] = dataset(t.slug, 1).map((c) => ({ ...c, externalId: 'fresh-1', messages: c.messages.map((m, i) => ({ ...m, id: `fresh-m${i}` })) }));
    await ingest(t, [extra!]);
    const [{ marks }] = (await stack.database.db.execute<{ marks: number }>(sql`select count(*)::int as marks from kpi_dirty where workspace_id = ${t.id}`)) as unknown as [{ marks: number }];
    expect(marks).toBeGreaterThan(0);
    const fresh = await kpis(t, RANGE);
    expect(fresh.computedFrom).toBe('rollups');
    expect(fresh.summary.conversations).toBe(before.summary.conversations + 1);
    await expectSameBothWays(t, `${RANGE}&interval=day&groupBy=agent`);
    await refreshAll();
    expect((await kpis(t, RANGE)).summary.conversations).toBe(before.summary.conversations + 1);
    await expectSameBothWays(t, `${RANGE}&interval=day&groupBy=agent`);
  });

  it('pace the refreshers of every worker together: after a paced round, none starts another until the rest is over', async () => {
    const db = stack.database.db;
    const mark = () => db.execute(sql`insert into kpi_dirty (workspace_id, at) values (${t.id}, '2026-10-05T10:00:00Z')`);
    const paced = { paced: { minRestMs: 60_000, restFactor: 2 } };
    try {
      // Worker processes of other test files refresh this database too: retry until this call runs the round.
      const rebuilt = await waitUntil('a paced round', 20_000, async () => {
        await mark();
        return (await refreshRollups(db, paced)) || false;
      });
      expect(rebuilt).toBeGreaterThan(0);
      const [pace] = await db.execute<{ seconds: number }>(sql`select extract(epoch from next_round_at - clock_timestamp())::float8 as seconds from kpi_refresh_pace`);
      expect(pace!.seconds).toBeGreaterThan(50);
      await mark();
      // Any process's paced refresher, as workers run it: too early.
      expect(await refreshRollups(db, paced)).toBeNull();
      // Unpaced (benchmarks, tests) it goes ahead.
      await refreshAll();
      const [left] = await db.execute<{ n: number }>(sql`select count(*)::int as n from kpi_dirty where workspace_id = ${t.id}`);
      expect(left!.n).toBe(0);
    } finally {
      await db.execute(sql`delete from kpi_refresh_pace`);
    }
  });

  it('end a round with a time budget after the day that spends it, leaving the other days marked', async () => {
    const db = stack.database.db;
    const days = ['2026-10-07', '2026-10-08', '2026-10-09'];
    // Other test files' workers refresh this database too: mark until this call runs the round.
    const rebuilt = await waitUntil('a budgeted round', 20_000, async () => {
      for (const day of days) await db.execute(sql`insert into kpi_dirty (workspace_id, at) values (${t.id}, ${`${day}T10:00:00Z`})`);
      return (await refreshRollups(db, { workspaceId: t.id, budgetMs: 0 })) || false;
    });
    expect(rebuilt).toBe(1);
    await refreshAll();
    await expectSameBothWays(t, `from=2026-10-07&to=2026-10-10&timeZone=${ZONE}&interval=day`);
  });

  it('rest at least 15 s after a round while background scoring waits, so a backfill keeps the CPU', async () => {
    const db = stack.database.db;
    let rounds = 0;
    const logger = { debug: () => rounds++, error: () => {} } as unknown as Logger;
    const refresher = startRollupRefresher(db, logger, async () => 200, 50);
    try {
      // Other test files' workers refresh this database too: mark until this refresher runs a round.
      await waitUntil('a round while backfilling', 20_000, async () => {
        await db.execute(sql`insert into kpi_dirty (workspace_id, at) values (${t.id}, '2026-10-06T10:00:00Z')`);
        await new Promise((r) => setTimeout(r, 100));
        return rounds > 0;
      });
      const [pace] = await db.execute<{ seconds: number }>(sql`select extract(epoch from next_round_at - clock_timestamp())::float8 as seconds from kpi_refresh_pace`);
      expect(pace!.seconds).toBeGreaterThan(13);
    } finally {
      await refresher.stop();
      await db.execute(sql`delete from kpi_refresh_pace`);
    }
  });

  it('keep refreshing, and stop when asked, while the question to Redis goes unanswered', async () => {
    const db = stack.database.db;
    let rounds = 0;
    const logger = { debug: () => rounds++, error: () => {} } as unknown as Logger;
    const refresher = startRollupRefresher(db, logger, () => new Promise<number>(() => {}), 50);
    let stopped = false;
    try {
      await waitUntil('a round without Redis', 20_000, async () => {
        await db.execute(sql`insert into kpi_dirty (workspace_id, at) values (${t.id}, '2026-10-07T10:00:00Z')`);
        await new Promise((r) => setTimeout(r, 100));
        return rounds > 0;
      });
      const started = performance.now();
      await refresher.stop();
      stopped = true;
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      if (!stopped) await refresher.stop();
      await db.execute(sql`delete from kpi_refresh_pace`);
    }
  });

  it('follow an erasure and a re-sent conversation that moved to another day', async () => {
    const before = await kpis(t, RANGE);
    const erased = await json(await postJson(stack.app, '/v1/erasures', { customerId: 'cust-3' }, t.auth));
    expect(erased.erased.length).toBeGreaterThan(0);
    await refreshAll();
    const after = await kpis(t, RANGE);
    expect(after.computedFrom).toBe('rollups');
    expect(after.summary.conversations).toBe(before.summary.conversations - erased.erased.length);
    await expectSameBothWays(t, `${RANGE}&interval=day&groupBy=channel`);

    const [moved] = dataset(t.slug, 2).slice(1);
    await ingest(t, [shifted(moved!, 9 * 86_400_000)]);
    await refreshAll();
    await expectSameBothWays(t, `${RANGE}&interval=day`);
  });

  it('are rebuilt in the new time zone when the workspace changes it', async () => {
    const patch = (timeZone: string) =>
      stack.app.request('/v1/workspace', { method: 'PATCH', headers: { ...t.auth, 'content-type': 'application/json' }, body: JSON.stringify({ timeZone }) });
    const refused = await patch('Mars/Olympus_Mons');
    expect(refused.status).toBe(422);
    expect((await json(refused)).errors).toEqual([expect.objectContaining({ field: 'timeZone' })]);
    const res = await patch('america/sao_paulo');
    expect(res.status).toBe(200);
    expect((await json(res)).timeZone).toBe('America/Sao_Paulo');
    expect((await kpis(t, `${RANGE}&interval=day`)).computedFrom).toBe('conversations');
    await refreshAll();
    await expectSameBothWays(t, `${RANGE}&interval=day&groupBy=channel`);
    // Without a timeZone the workspace's applies; without a range, its last 30 local days, today included.
    expect((await kpis(t, RANGE)).timeZone).toBe('America/Sao_Paulo');
    const today = localDay(Date.now(), 'America/Sao_Paulo');
    const defaults = await kpis(t, '');
    expect([defaults.from, defaults.to]).toEqual(
      [today - 29 * 86_400_000, today + 86_400_000].map((day) => new Date(localInstant(day, 0, 'America/Sao_Paulo')).toISOString()),
    );
  });

  it('leave small populations to the conversations by default, for exact percentiles', async () => {
    const defaults = await createTestStack();
    try {
      const res = await json(await getJson(defaults.app, `/v1/kpis?${RANGE}&interval=day`, t.auth));
      expect(res.computedFrom).toBe('conversations');
      expect(res.summary.conversations).toBeLessThan(2_000);
    } finally {
      await defaults.close();
    }
  });

  it('give an attribute with too many values to the conversations', async () => {
    const u = await tenant();
    // All on one day, so the day has more distinct pages than a family may keep.
    const oneDay = dataset(u.slug, 120).map((c, i) => ({
      ...shifted(c, Date.parse('2026-10-05T12:00:00Z') - Date.parse(c.messages[0]!.sentAt)),
      attributes: { ...(c.attributes as Record<string, string>), page: `/product/${i}` },
    }));
    await ingest(u, oneDay);
    await refreshAll();
    await expectSameBothWays(u, `${RANGE}&groupBy=attr.page`, 'conversations');
    await expectSameBothWays(u, `${RANGE}&groupBy=channel`);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLES, sampleConversations } from '../../scripts/samples/conversations';
import { killStrayWorkers, listen, scoredCount, startWorker, stopWorker, waitUntil } from '../support/processes';
import { createTestStack, type Tenant, type TestStack } from '../support/stack';

/**
 * The whole path as a user meets it: conversations posted over HTTP to a listening API, scored by
 * a real worker process through Redis, read back from Postgres through the API.
 */
let stack: TestStack;
let server: Awaited<ReturnType<typeof listen>>;
let base: string;
let worker: ReturnType<typeof startWorker>;
let tenant: Tenant;
let workspace: string;
const ids = new Map<string, string>(); // sample id -> conversation id

const get = async (path: string) => {
  const res = await fetch(`${base}${path}`, { headers: tenant.auth });
  expect(res.status, path).toBe(200);
  return res.json() as Promise<any>;
};

beforeAll(async () => {
  stack = await createTestStack();
  server = await listen(stack.app);
  base = server.base;
  worker = startWorker(stack.config);
  tenant = await stack.tenant();
  workspace = tenant.slug;

  const res = await fetch(`${base}/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...tenant.auth },
    body: JSON.stringify({ conversations: sampleConversations(workspace) }),
  });
  expect(res.status).toBe(202);
  const body = (await res.json()) as { results: { id: string; externalId: string }[] };
  for (const r of body.results) ids.set(r.externalId, r.id);
  await waitUntil('the samples to be scored', 30_000, async () => (await scoredCount(stack.database.db, workspace)) === SAMPLES.length);
}, 60_000);

afterAll(async () => {
  await stopWorker(worker);
  killStrayWorkers();
  await server.close();
  await stack.close();
});

describe('scores read back through the API', () => {
  it('carry per-message sentiment, labels with evidence, and timings', async () => {
    const c = await get(`/v1/conversations/${ids.get('en-handoff-refund')}`);
    expect(c.scoring).toEqual({ status: 'scored', scorerVersion: expect.stringMatching(/^\d/) });
    expect(c.messages.every((m: { sentiment: unknown }) => m.sentiment !== null)).toBe(true);
    expect(c.scores.resolution).toMatchObject({ outcome: 'resolved', evidence: [{ event: 'resolved' }, { seq: 4 }] });
    expect(c.scores.escalation).toMatchObject({ handledBy: 'both', escalated: true, handoffAt: '2026-10-02T14:30:22.000Z' });
    // Handoff at +22 s, first agent reply at +200 s; the bot's reply at +22 s did not stop the clock.
    expect(c.scores.timing.firstResponseSeconds).toBe(178);
    expect(c.scores.survey).toEqual({ csat: 5, nps: null });
    expect(c.scores.satisfaction).toMatchObject({ surveyed: 5, final: 5, predicted: expect.any(Number), factors: { reactions: expect.any(Number) } });
    // One reaction per customer message that answers a reply (both follow the bot's greeting); the thanks reads pleased.
    expect(c.scores.satisfaction.reactions).toEqual([{ seq: 1, score: expect.any(Number) }, { seq: 4, score: expect.any(Number) }]);
    expect(c.scores.satisfaction.reactions[1].score).toBeGreaterThan(0);
    expect(c.scores.intent).toMatchObject({ taxonomy: 'default', intent: expect.any(String), evidence: [{ seq: 1 }] });
  });

  it('say why a conversation counts as abandoned', async () => {
    const c = await get(`/v1/conversations/${ids.get('es-abandono-bot')}`);
    expect(c.scores.abandonment).toEqual({ outcome: 'bot_dropoff', evidence: [{ seq: 2, reason: expect.any(String) }] });
    expect(c.scores.resolution.outcome).toBe('unresolved');
  });
});

describe('KPIs', () => {
  const localDay = (instant: string, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(instant));

  it.each(['UTC', 'Europe/Bucharest', 'America/Sao_Paulo'])('agree with the samples counted by hand (%s)', async (timeZone) => {
    const byDay = await get(`/v1/kpis?from=2026-09-30&to=2026-10-23&timeZone=${timeZone}&interval=day`);
    const resolved = SAMPLES.filter((s) => s.expected.resolution === 'resolved').length;
    const abandoned = SAMPLES.filter((s) => s.expected.abandonment !== 'none').length;
    expect(byDay.summary).toMatchObject({
      conversations: SAMPLES.length,
      scored: SAMPLES.length,
      resolution: { resolved, rate: resolved / SAMPLES.length },
      abandonment: { abandoned, rate: abandoned / SAMPLES.length },
    });

    const perDay = new Map<string, number>();
    for (const s of SAMPLES) perDay.set(localDay(s.start, timeZone), (perDay.get(localDay(s.start, timeZone)) ?? 0) + 1);
    expect(Object.fromEntries(byDay.series.map((d: { bucket: string; conversations: number }) => [d.bucket.slice(0, 10), d.conversations]))).toEqual(
      Object.fromEntries(perDay),
    );

    const byChannel = await get(`/v1/kpis?from=2026-09-30&to=2026-10-23&timeZone=${timeZone}&groupBy=channel`);
    const perChannel = new Map<string, number>();
    for (const s of SAMPLES) perChannel.set(s.channel, (perChannel.get(s.channel) ?? 0) + 1);
    expect(
      Object.fromEntries(byChannel.series.map((c: { dimensions: { channel: string }; conversations: number }) => [c.dimensions.channel, c.conversations])),
    ).toEqual(Object.fromEntries(perChannel));
  });

  it('are consistent: the summary equals the sum of its series, and complementary outcomes add up', async () => {
    const k = await get(`/v1/kpis?from=2026-09-30&to=2026-10-23&interval=day&groupBy=channel,handledBy`);
    const counts = {
      conversations: (m: any) => m.conversations,
      scored: (m: any) => m.scored,
      resolved: (m: any) => m.resolution.resolved,
      abandoned: (m: any) => m.abandonment.abandoned,
      firstResponses: (m: any) => m.firstResponseSeconds.n,
      replies: (m: any) => m.replySeconds.n,
      botHandled: (m: any) => m.bot.handled,
      csatAnswered: (m: any) => m.csat.answered,
    };
    for (const [name, get] of Object.entries(counts)) {
      expect(k.series.reduce((total: number, row: unknown) => total + get(row), 0), name).toBe(get(k.summary));
    }
    const { bot, abandonment } = k.summary;
    expect(bot.escalated + bot.abandoned + bot.contained).toBe(bot.handled);
    expect(Object.values(abandonment.byType).reduce((total: number, t: any) => total + t.n, 0)).toBe(abandonment.abandoned);
  });

  it('take the range in the requested time zone, end exclusive', async () => {
    // en-whatsapp-window starts 2026-10-09T21:00Z: 10 October in Bucharest (UTC+3), 9 October in UTC.
    const utc = await get(`/v1/kpis?from=2026-10-10&to=2026-10-11&timeZone=UTC`);
    const bucharest = await get(`/v1/kpis?from=2026-10-10&to=2026-10-11&timeZone=Europe/Bucharest`);
    expect(bucharest.summary.conversations).toBe(utc.summary.conversations + 1);
    expect(bucharest.from).toBe('2026-10-09T21:00:00.000Z');
  });

  it('are empty, not an error, for a range with no conversations', async () => {
    const k = await get(`/v1/kpis?from=2025-01-01&to=2025-01-31&interval=day`);
    expect(k.summary).toMatchObject({ conversations: 0, resolution: { rate: null }, firstResponseSeconds: { median: null } });
    expect(k.series).toEqual([]);
  });
});

describe('a conversation sent again with changes', () => {
  it('is re-scored for its new revision, never duplicated', async () => {
    const [original] = sampleConversations(workspace).filter((c) => c.externalId === 'en-bot-dropoff');
    const answered = {
      ...original!,
      messages: [...original!.messages, { role: 'customer', text: 'It is 99812, thanks', sentAt: '2026-10-07T10:21:00Z' }],
    };
    const res = await fetch(`${base}/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json', ...tenant.auth }, body: JSON.stringify(answered) });
    expect(await res.json()).toMatchObject({ id: ids.get('en-bot-dropoff'), status: 'updated', revision: 2 });

    const c = await waitUntil('the new revision to be scored', 15_000, async () => {
      const body = await get(`/v1/conversations/${ids.get('en-bot-dropoff')}`);
      return body.scores?.revision === 2 ? body : false;
    });
    expect(c.scores.abandonment.outcome).toBe('none');
    expect(c.messages).toHaveLength(4);
    const k = await get(`/v1/kpis?from=2026-09-30&to=2026-10-23`);
    expect(k.summary.conversations).toBe(SAMPLES.length);
  });
});

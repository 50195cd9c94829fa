import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationInput } from '../../src/contract/conversation';
import { conversationInput, type Line } from '../support/fixtures';
import { scoreAllStored, scoreStored } from '../support/scoring';
import { createTestStack, getJson, json, postJson, type Tenant, type TestStack } from '../support/stack';

/**
 * Six conversations whose KPIs were worked out by hand (the comments give the arithmetic). Only
 * rule-decided values are pinned: timings, abandonment, handling, events, surveys; the resolution of
 * each is fixed by its events (or by abandonment), so no model output moves these numbers.
 */
let stack: TestStack;
let t: Tenant;

type Spec = Parameters<typeof conversationInput>[1] & { team?: string };
const SPECS: Spec[] = [
  {
    // Bot only, resolved by the bot: contained. 23:30 UTC is 00:30 on the 11th in Lisbon.
    id: 'bot-contained', start: '2026-09-10T23:30:00Z', customerId: 'cust-1', attributes: { greeting_variant: 'A' },
    lines: [['b', 0, 'Hi! How can I help?'], ['c', 10, 'where is my order 123'], ['b', 12, 'It arrives on Friday.'], ['c', 30, 'great, thanks']] as Line[],
    events: [['resolved', 35, 'bot'], ['nps', 40, 3]],
  },
  {
    // Handed off at +12 s; the bot's reply then does not stop the clock: FRT = 200 - 12 = 188.
    id: 'bot-escalated', start: '2026-09-12T10:00:00Z', customerId: 'cust-2', agent: 'agent-ana', team: 'billing', attributes: { greeting_variant: 'A' },
    lines: [['b', 0, 'Hi! How can I help?'], ['c', 10, 'I want to talk to a person'], ['b', 12, 'Transferring you now.'], ['a', 200, 'Hi, Ana here, I have refunded you.'], ['c', 260, 'thanks']] as Line[],
    events: [['handoff', 12], ['resolved', 270, 'agent'], ['csat', 300, 2], ['conversion', 280, 'upsell', 20, 'EUR']],
  },
  {
    // The customer never answers the bot's question: bot_dropoff, so unresolved (engaged all the same: the customer wrote).
    id: 'bot-dropoff', start: '2026-09-12T15:00:00Z', attributes: { greeting_variant: 'B' },
    lines: [['b', 0, 'Hi! What is your order number?'], ['c', 5, 'hello'], ['b', 6, 'What is your order number?']] as Line[],
  },
  {
    // Replies 120 s and 60 s; resolved, reopened, resolved again: reopened, so not single-touch.
    id: 'human-reopened', start: '2026-09-13T10:00:00Z', customerId: 'cust-4', agent: 'agent-rui', team: 'support', attributes: { greeting_variant: 'B' },
    lines: [['c', 0, 'my card was charged twice'], ['a', 120, 'I have refunded the second charge.'], ['c', 180, 'thanks'], ['a', 240, 'Anything else?'], ['c', 280, 'no, that is all']] as Line[],
    events: [['resolved', 250, 'agent'], ['reopened', 3600], ['resolved', 7200, 'agent'], ['csat', 7300, 5], ['nps', 7300, 9], ['conversion', 260, 'plan', 50, 'EUR']],
  },
  {
    // Resolved, then reopened and left there: unresolved.
    id: 'human-left-open', start: '2026-09-14T10:00:00Z', customerId: 'cust-5',
    lines: [['c', 0, 'my order arrived broken'], ['a', 60, 'We will send a new one.'], ['c', 90, 'ok']] as Line[],
    events: [['resolved', 100, 'agent'], ['reopened', 200]],
  },
  {
    // cust-2 again, 3 days after bot-escalated ended: that one is no longer first-contact resolved.
    id: 'cust-2-returns', start: '2026-09-15T10:00:00Z', customerId: 'cust-2',
    lines: [['c', 0, 'the refund has not arrived'], ['a', 30, 'It is on its way, sorry.'], ['c', 50, 'thank you']] as Line[],
    events: [['resolved', 60, 'agent'], ['conversion', 55, 'voucher', 10, 'USD']],
  },
];

function input(spec: Spec): ConversationInput {
  const { team, ...rest } = spec;
  const built = conversationInput(t.slug, rest);
  if (team) built.events = [...(built.events ?? []), { type: 'assigned', at: built.messages[0]!.sentAt, agentId: spec.agent, team }];
  return built;
}

const kpis = async (query: string) => json(await getJson(stack.app, `/v1/kpis?from=2026-09-01&to=2026-10-01&${query}`, t.auth));

beforeAll(async () => {
  stack = await createTestStack();
  t = await stack.tenant();
  const res = await json(await postJson(stack.app, '/v1/conversations', { conversations: SPECS.map(input) }, t.auth));
  expect(res.accepted).toBe(SPECS.length);
  await scoreAllStored(stack.database, res.results.map((r: { id: string }) => r.id));
});
afterAll(async () => {
  await stack.close();
});

describe('the KPI catalogue, against numbers worked out by hand', () => {
  it('volume, resolution, FCR, reopens, abandonment and the bot funnel', async () => {
    const { summary } = await kpis('timeZone=Europe/Lisbon');
    expect(summary.conversations).toBe(6);
    expect(summary.scored).toBe(6);
    // Every conversation has a customer message and none is pre-engagement.
    expect(summary.engagement).toEqual({ engaged: 6, rate: 1, messagesPerConversation: 23 / 6 });
    // Resolved: bot-contained, bot-escalated, human-reopened (resolved last), cust-2-returns.
    expect(summary.resolution.resolved).toBe(4);
    expect(summary.resolution.rate).toBeCloseTo(4 / 6, 10);
    // Known FCR (customer id, scored): bot-contained true; bot-escalated false (cust-2 came back);
    // human-reopened false (reopened); human-left-open false (unresolved); cust-2-returns true.
    expect(summary.resolution.fcr).toEqual({ n: 5, resolved: 2, rate: 2 / 5, windowDays: 7 });
    // With a 2-day window, cust-2's return on day 3 no longer undoes bot-escalated.
    expect((await kpis('fcrWindowDays=2')).summary.resolution.fcr).toMatchObject({ n: 5, resolved: 3 });
    // Resolved events in 5 conversations; reopened afterwards in 2.
    expect(summary.resolution.reopen).toEqual({ resolvedEvents: 5, reopened: 2, rate: 2 / 5 });
    expect(summary.abandonment.abandoned).toBe(1);
    expect(summary.abandonment.byType.bot_dropoff).toEqual({ n: 1, rate: 1 / 6 });
    // The bot spoke in 3: one handed off, one abandoned, one contained: they add up to 100%.
    expect(summary.bot).toEqual({
      handled: 3, escalated: 1, escalationRate: 1 / 3, abandoned: 1, abandonmentRate: 1 / 3, contained: 1, containmentRate: 1 / 3,
    });
  });

  it('the share flagged for QA: conversations with any flag, the rule-decided ones among them', async () => {
    const exported = (await (await getJson(stack.app, '/v1/conversations/export?format=jsonl&from=2026-09-01&to=2026-10-01', t.auth)).text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const reasons = Object.fromEntries(exported.map((r) => [r.external_id, (r.flag_reasons ?? '').split(' ')]));
    expect(reasons['bot-escalated']).toEqual(expect.arrayContaining(['survey_detractor', 'asked_for_human']));
    expect(reasons['bot-dropoff']).toContain('abandoned_bot_dropoff');
    expect(reasons['human-left-open']).toContain('unresolved');
    const flagged = exported.filter((r) => r.flagged).length;
    expect(flagged).toBeGreaterThanOrEqual(3);
    const { summary } = await kpis('timeZone=Europe/Lisbon');
    expect(summary.qa).toMatchObject({ n: 6, flagged, rate: flagged / 6 });
    // By reason: as many conversations as the export lists with that reason.
    for (const [reason, n] of Object.entries(summary.qa.byReason)) {
      expect(n, reason).toBe(Object.values(reasons).filter((r) => (r as string[]).includes(reason)).length);
    }
    expect(summary.qa.byReason.abandoned_bot_dropoff).toBe(1);
  });

  it('surveys, predictions and conversions', async () => {
    const { summary } = await kpis('');
    // CSAT answers 2 and 5: one of two satisfied (4-5), Wilson 95% interval 0.0945-0.9055.
    expect(summary.csat).toMatchObject({ answered: 2, satisfied: 1, score: 0.5, responseRate: 2 / 6 });
    expect(summary.csat.interval95.low).toBeCloseTo(0.0945, 3);
    expect(summary.csat.interval95.high).toBeCloseTo(0.9055, 3);
    // NPS answers 3 (detractor) and 9 (promoter): 0.
    expect(summary.nps).toEqual({ n: 2, promoters: 1, detractors: 1, score: 0 });
    expect(summary.predictedCsat.n).toBe(6);
    expect(Object.values(summary.predictedCsat.distribution).reduce((a: number, b) => a + (b as number), 0)).toBe(6);
    // 20 EUR + 50 EUR + 10 USD: not added up across currencies.
    expect(summary.conversion).toEqual({ converted: 3, rate: 0.5, value: null, currency: 'mixed' });
    const byVariant = await kpis('groupBy=attr.greeting_variant');
    const a = byVariant.series.find((s: any) => s.dimensions['attr.greeting_variant'] === 'A');
    expect(a.conversion).toEqual({ converted: 1, rate: 0.5, value: 20, currency: 'EUR' });
  });

  it('times: bots never stop the clock; medians and p90 are continuous percentiles', async () => {
    const { summary } = await kpis('');
    // First responses 188, 120, 60, 30.
    expect(summary.firstResponseSeconds).toMatchObject({ n: 4, median: 90, mean: 99.5 });
    expect(summary.firstResponseSeconds.p90).toBeCloseTo(167.6, 6);
    // Every human reply that ended a wait: 188, 120, 60, 60, 30.
    expect(summary.replySeconds.n).toBe(5);
    expect(summary.replySeconds.median).toBe(60);
    expect(summary.replySeconds.p90).toBeCloseTo(160.8, 6);
    expect(summary.replySeconds.mean).toBeCloseTo(91.6, 6);
    // Waiting time where a human replied: 188, 180, 60, 30.
    expect(summary.customerWaitSeconds).toMatchObject({ n: 4, median: 120, mean: 114.5 });
    // Durations 30, 260, 6, 280, 90, 50.
    expect(summary.durationSeconds.median).toBe(70);
    expect(summary.durationSeconds.mean).toBeCloseTo(716 / 6, 10);
  });

  it('series by local day, in the requested time zone', async () => {
    const lisbon = await kpis('timeZone=Europe/Lisbon&interval=day');
    expect(lisbon.series.map((s: any) => [s.bucket, s.conversations])).toEqual([
      ['2026-09-11T00:00', 1], ['2026-09-12T00:00', 2], ['2026-09-13T00:00', 1], ['2026-09-14T00:00', 1], ['2026-09-15T00:00', 1],
    ]);
    const utc = await kpis('timeZone=UTC&interval=day');
    expect(utc.series[0]).toMatchObject({ bucket: '2026-09-10T00:00', conversations: 1 });
    const weeks = await kpis('timeZone=Europe/Lisbon&interval=week');
    // ISO weeks start on Monday: 7 September and 14 September.
    expect(weeks.series.map((s: any) => [s.bucket, s.conversations])).toEqual([['2026-09-07T00:00', 4], ['2026-09-14T00:00', 2]]);
  });

  it('by agent (first human replier) and team (last assignment), each group adding up to the summary', async () => {
    const byAgent = await kpis('groupBy=agent');
    const agents = Object.fromEntries(byAgent.series.map((s: any) => [s.dimensions.agent, s.conversations]));
    expect(agents).toEqual({ 'agent-ana': 1, 'agent-rui': 1, 'agent-1': 2, null: 2 });
    const rui = byAgent.series.find((s: any) => s.dimensions.agent === 'agent-rui');
    expect(rui.replySeconds).toMatchObject({ n: 2, median: 90 });
    const byTeam = await kpis('groupBy=team,channel');
    expect(byTeam.series.map((s: any) => [s.dimensions.team, s.dimensions.channel, s.conversations])).toEqual([
      ['billing', 'web_chat', 1], ['support', 'web_chat', 1], [null, 'web_chat', 4],
    ]);
  });

  it('drill down: the filters of a bucket list exactly its conversations', async () => {
    for (const dimension of ['handledBy', 'agent', 'team']) {
      const { series } = await kpis(`groupBy=${dimension}`);
      for (const bucket of series.filter((b: any) => b.dimensions[dimension] !== null)) {
        const value = bucket.dimensions[dimension];
        const list = await json(await getJson(stack.app, `/v1/conversations?from=2026-09-01&to=2026-10-01&${dimension}=${value}`, t.auth));
        expect(list.conversations.length, `${dimension}=${value}`).toBe(bucket.conversations);
        expect((await kpis(`${dimension}=${value}`)).summary.conversations).toBe(bucket.conversations);
      }
    }
  });

  it('compares two segments with the difference and a significance test', async () => {
    const res = await json(
      await getJson(stack.app, '/v1/kpis/compare?from=2026-09-01&to=2026-10-01&a.attr.greeting_variant=A&b.attr.greeting_variant=B', t.auth),
    );
    expect(res.a).toMatchObject({ conversations: 2, filters: { 'attr.greeting_variant': 'A' } });
    expect(res.b).toMatchObject({ conversations: 2, filters: { 'attr.greeting_variant': 'B' } });
    const resolution = res.comparisons.find((c: { metric: string }) => c.metric === 'resolution.rate');
    // A: 2 of 2 resolved, B: 1 of 2 (bot-dropoff is abandoned). z = -1.1547, p = 0.2482 (SciPy norm.sf).
    expect(resolution).toMatchObject({ a: 1, b: 0.5, result: { test: 'two-proportion z', difference: -0.5 } });
    expect(resolution.result.statistic).toBeCloseTo(-1.1547, 4);
    expect(resolution.result.p).toBeCloseTo(0.2482, 4);
    // One first response on each side: too little to test, said as null rather than a made-up p.
    expect(res.comparisons.find((c: { metric: string }) => c.metric === 'firstResponseSeconds.mean')).toMatchObject({ a: 188, b: 120, result: null });

    const periods = await json(await getJson(stack.app, '/v1/kpis/compare?a.from=2026-09-01&a.to=2026-09-13&b.from=2026-09-13&b.to=2026-10-01', t.auth));
    expect([periods.a.conversations, periods.b.conversations]).toEqual([3, 3]);
    const bad = await json(await getJson(stack.app, '/v1/kpis/compare?b.channel=fax', t.auth));
    expect(bad).toMatchObject({ code: 'invalid_parameter', field: 'b.channel' });
  });

  it('business hours: the same clocks counted only while the workspace is open, next to calendar time', async () => {
    const shop = await stack.tenant();
    const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '09:00', to: '18:00' }]]));
    const patched = await stack.app.request('/v1/workspace', {
      method: 'PATCH',
      headers: { ...shop.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ businessHours: { timeZone: 'UTC', weekly: weekdays } }),
    });
    expect(patched.status).toBe(200);
    // Friday 17:00 to Monday 10:00: 65 hours on the calendar, 2 hours open (Friday 17-18, Monday 9-10).
    const input = conversationInput(shop.slug, { id: 'weekend', start: '2026-09-18T17:00:00Z', lines: [['c', 0, 'is my order shipped?'], ['a', 65 * 3600, 'Yes, on Saturday.']] });
    const { id } = await json(await postJson(stack.app, '/v1/conversations', input, shop.auth));
    await scoreStored(stack.database, id);
    const { summary } = await json(await getJson(stack.app, '/v1/kpis?from=2026-09-01&to=2026-10-01', shop.auth));
    expect(summary.firstResponseSeconds).toMatchObject({ n: 1, median: 65 * 3600 });
    expect(summary.business.firstResponseSeconds).toMatchObject({ n: 1, median: 7_200 });
    expect(summary.business.replySeconds).toMatchObject({ n: 1, median: 7_200 });
    expect(summary.business.customerWaitSeconds).toMatchObject({ n: 1, mean: 7_200 });
    const [row] = (await (await getJson(stack.app, '/v1/conversations/export?format=jsonl', shop.auth)).text()).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(row).toMatchObject({ first_response_seconds: 65 * 3600, first_response_business_seconds: 7_200 });
    // Workspaces without hours report business time as absent, not as zero.
    expect((await kpis('')).summary.business.firstResponseSeconds).toMatchObject({ n: 0, median: null });
  });

  it('refuses bad grouping and hourly series over long ranges, naming the parameter', async () => {
    const bad = async (query: string) => json(await getJson(stack.app, `/v1/kpis?${query}`, t.auth));
    expect(await bad('groupBy=channel,agent,team')).toMatchObject({ code: 'invalid_parameter', field: 'groupBy' });
    expect(await bad('groupBy=mood')).toMatchObject({ field: 'groupBy[0]' });
    expect(await bad('groupBy=channel,channel')).toMatchObject({ field: 'groupBy' });
    expect(await bad('interval=hour&from=2026-01-01&to=2026-03-01')).toMatchObject({ field: 'interval' });
    expect(await bad('interval=fortnight')).toMatchObject({ field: 'interval' });
  });
});

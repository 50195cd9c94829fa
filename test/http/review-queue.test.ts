import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationInput } from '../support/fixtures';
import { scoreStored } from '../support/scoring';
import { SCOPES } from '../../src/auth/api-key';
import { createTenant, createTestStack, getJson, json, postJson, uniqueId, type Tenant, type TestStack } from '../support/stack';

let stack: TestStack;
let t: Tenant;
const ids: Record<string, string> = {};

type Spec = Parameters<typeof conversationInput>[1];
// Each decided by rules, not by a model: a slow reply, a detractor, a bot drop-off, a conversation
// nobody engaged in, and a calm one with a happy survey.
const SPECS: Spec[] = [
  { id: 'slow', start: '2026-10-01T10:00:00Z', lines: [['c', 0, 'hello, I need help with my order'], ['a', 1000, 'Hi, here to help.'], ['c', 1010, 'thanks']], events: [['resolved', 1020, 'agent'], ['csat', 1030, 4]] },
  { id: 'detractor', start: '2026-10-02T10:00:00Z', lines: [['c', 0, 'where is my order 123?'], ['a', 30, 'It ships today.'], ['c', 40, 'ok']], events: [['resolved', 50, 'agent'], ['csat', 60, 2]] },
  { id: 'dropoff', start: '2026-10-03T10:00:00Z', channel: 'messenger', lines: [['b', 0, 'Hi! What is your order number?'], ['c', 5, 'hello'], ['b', 6, 'What is your order number?']] },
  { id: 'unengaged', start: '2026-10-04T10:00:00Z', lines: [['b', 0, 'Hi! How can I help you today?']] },
  { id: 'calm', start: '2026-10-05T10:00:00Z', lines: [['c', 0, 'Hello, where is my order 123?'], ['a', 60, 'It ships today.'], ['c', 90, 'Great, thank you!']], events: [['resolved', 100, 'agent'], ['csat', 120, 5]] },
];

const queue = async (query = '') => json(await getJson(stack.app, `/v1/review-queue?${query}`, t.auth));
const put = (path: string, body: unknown) =>
  stack.app.request(path, { method: 'PUT', headers: { ...t.auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  stack = await createTestStack();
  // Sampling with sixty seeds takes more calls than the default rate limit allows.
  t = await createTenant(stack.database.db, SCOPES, uniqueId('ws'), 1_000_000);
  const res = await json(await postJson(stack.app, '/v1/conversations', { conversations: SPECS.map((s) => conversationInput(t.slug, s)) }, t.auth));
  for (const [i, r] of res.results.entries()) {
    ids[SPECS[i]!.id!] = r.id;
    await scoreStored(stack.database, r.id);
  }
});
afterAll(async () => {
  await stack.close();
});

describe('the review queue', () => {
  it('lists flagged conversations only, most severe first, with their flags and evidence', async () => {
    const { items } = await queue();
    const external = items.map((i: any) => i.externalId);
    expect(external).not.toContain('calm');
    expect(external).toEqual(expect.arrayContaining(['slow', 'detractor', 'dropoff', 'unengaged']));
    expect(external[0]).toBe('slow');
    expect(external[external.length - 1]).toBe('unengaged');
    const severities = items.map((i: any) => i.severity);
    expect(severities).toEqual([...severities].sort((a, b) => b - a));
    expect(items[0].flags[0]).toEqual({ reason: 'slow_first_response', severity: 'high', value: 1000, evidence: [{ seq: 1, reason: 'answered after 1000 s' }] });
    expect(items[0].review).toEqual({ status: 'new', assignee: null, assignedAt: null, reviewedBy: null, reviewedAt: null });
  });

  it('filters by reason and by the conversation filters, and pages without repeating', async () => {
    expect((await queue('reason=survey_detractor')).items.map((i: any) => i.externalId)).toEqual(['detractor']);
    expect((await queue('reason=abandoned_bot_dropoff&channel=messenger')).items.map((i: any) => i.externalId)).toEqual(['dropoff']);
    expect((await queue('channel=email')).items).toEqual([]);
    const all = (await queue()).items.map((i: any) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await queue(`limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i: any) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('moves a conversation from new to in review to done, saying who and when', async () => {
    const assigned = await put(`/v1/conversations/${ids.detractor}/assignment`, { assignee: 'ana@qa' });
    expect(await json(assigned)).toEqual({ status: 'in_review', assignee: 'ana@qa' });
    const inReview = (await queue('status=in_review')).items;
    expect(inReview.map((i: any) => i.externalId)).toEqual(['detractor']);
    expect(inReview[0].review).toMatchObject({ status: 'in_review', assignee: 'ana@qa', reviewedBy: null });
    expect(Date.parse(inReview[0].review.assignedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await queue('assignee=ana@qa')).items.map((i: any) => i.externalId)).toEqual(['detractor']);

    const review = await postJson(stack.app, `/v1/conversations/${ids.detractor}/reviews`, { labels: { satisfaction: 2 }, rubric: { tone: 4 } }, t.auth);
    expect(review.status).toBe(201);
    const [done] = (await queue('status=done')).items;
    expect(done.externalId).toBe('detractor');
    expect(done.review).toMatchObject({ status: 'done', assignee: 'ana@qa', reviewedBy: t.keyId });
    expect((await queue('status=new')).items.map((i: any) => i.externalId)).not.toContain('detractor');

    // Back in the queue, unassigned.
    expect(await json(await put(`/v1/conversations/${ids.slow}/assignment`, { assignee: null }))).toEqual({ status: 'new', assignee: null });
    expect((await queue('status=new')).items.map((i: any) => i.externalId)).toContain('slow');
  });

  it('draws a repeatable random sample of every scored conversation, a share of each channel', async () => {
    const sample = async (query: string) => json(await getJson(stack.app, `/v1/review-queue/sample?${query}`, t.auth));
    const all = await sample('share=1&stratify=channel&seed=s1');
    expect(all.items).toHaveLength(SPECS.length);
    expect(all.strata).toEqual(expect.arrayContaining([{ stratum: 'messenger', population: 1, sampled: 1 }, { stratum: 'web_chat', population: 4, sampled: 4 }]));
    // Half of each channel, rounded up so every channel is represented; the same seed, the same draw.
    const half = await sample('share=0.5&stratify=channel&seed=s1');
    expect(half.strata).toEqual(expect.arrayContaining([{ stratum: 'messenger', population: 1, sampled: 1 }, { stratum: 'web_chat', population: 4, sampled: 2 }]));
    expect((await sample('share=0.5&stratify=channel&seed=s1')).items.map((i: any) => i.id)).toEqual(half.items.map((i: any) => i.id));
    // Calm conversations are drawn as often as flagged ones: over many seeds, each is drawn about half the time.
    const draws = new Map<string, number>();
    for (let s = 0; s < 60; s++) for (const i of (await sample(`share=0.5&stratify=channel&seed=${s}`)).items) draws.set(i.externalId, (draws.get(i.externalId) ?? 0) + 1);
    for (const id of ['calm', 'slow', 'detractor', 'unengaged']) expect(draws.get(id), id).toBeGreaterThan(15);
    expect(draws.get('calm')! + draws.get('slow')! + draws.get('detractor')! + draws.get('unengaged')!).toBe(120);
    const unseeded = await sample('share=0.5');
    expect(unseeded.seed).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("measures the reviewers' agreement with Parley, by the latest review of each conversation", async () => {
    const agreement = async () => json(await getJson(stack.app, '/v1/agreement', t.auth));
    const review = (name: string, labels: object) => postJson(stack.app, `/v1/conversations/${ids[name]}/reviews`, { labels }, t.auth);
    const before = await agreement();
    // The detractor was reviewed above with a satisfaction of 2: one pair, its error Parley's distance from 2.
    expect(before.reviews).toBe(1);
    expect(before.satisfaction.n).toBe(1);
    const parley = async (name: string) => (await json(await getJson(stack.app, `/v1/conversations/${ids[name]}`, t.auth))).scores.resolution.outcome;
    // Abandoned conversations are never resolved: the dropoff is unresolved for Parley.
    expect(await parley('dropoff')).toBe('unresolved');
    await review('slow', { resolution: await parley('slow') });
    await review('dropoff', { resolution: 'resolved' });
    expect((await agreement()).labels.resolution).toMatchObject({ n: 2, accuracy: 0.5 });
    // A second look at the dropoff agrees with Parley: only the latest review of a conversation counts.
    await review('dropoff', { resolution: 'unresolved' });
    const after = await agreement();
    expect(after.reviews).toBe(3);
    expect(after.labels.resolution).toMatchObject({ n: 2, accuracy: 1 });
    expect((await json(await getJson(stack.app, '/v1/agreement?channel=messenger', t.auth))).labels.resolution.n).toBe(1);
  });

  it('refuses what it cannot use, naming the parameter', async () => {
    for (const [query, field] of [['?reason=rude', 'reason'], ['?status=closed', 'status'], ['?cursor=bm9wZQ', 'cursor'], ['?limit=0', 'limit'], ['/sample?share=0', 'share'], ['/sample?stratify=team', 'stratify']]) {
      const res = await getJson(stack.app, `/v1/review-queue${query}`, t.auth);
      expect(res.status, query).toBe(400);
      expect((await json(res)).field).toBe(field);
    }
    const bad = await put(`/v1/conversations/${ids.slow}/assignment`, { assignee: '' });
    expect(bad.status).toBe(422);
    expect((await put('/v1/conversations/00000000-0000-4000-8000-000000000000/assignment', { assignee: 'ana' })).status).toBe(404);
  });
});

import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationInput } from '../support/fixtures';
import { scoreAllStored } from '../support/scoring';
import { createTestStack, getJson, json, postJson, type Tenant, type TestStack } from '../support/stack';

/**
 * The web UI in Debian's Chromium (installed by scripts/ensure-browser.sh), as a QA lead uses it:
 * sign in, read the dashboard, open a flagged conversation, review it, see the agreement change.
 * Screenshots of each step are kept in test-artifacts/ui/.
 */
const ARTIFACTS = 'test-artifacts/ui';
let stack: TestStack;
let t: Tenant;
let server: ServerType;
let base: string;
let browser: Browser;
let page: Page;

const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  stack = await createTestStack();
  t = await stack.tenant(['ingest', 'read', 'review']);
  const conversations = [
    conversationInput(t.slug, { id: 'slow-reply', start: '2026-10-05T10:00:00Z', lines: [['c', 0, 'my card was charged twice'], ['a', 1200, 'Sorry, refunded now.'], ['c', 1260, 'ok']], events: [['csat', 1300, 2]] }),
    conversationInput(t.slug, { id: 'calm', start: '2026-10-06T10:00:00Z', lines: [['c', 0, 'Hello, where is my order 123?'], ['a', 60, 'It ships today.'], ['c', 90, 'Great, thank you!']], events: [['resolved', 100, 'agent'], ['csat', 120, 5]] }),
  ];
  const res = await json(await postJson(stack.app, '/v1/conversations', { conversations }, t.auth));
  await scoreAllStored(stack.database, res.results.map((r: { id: string }) => r.id));
  server = serve({ fetch: stack.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await stack.close();
});

describe('the web UI in a real browser', () => {
  it('signs in with a review key, shows the same numbers as the API, and takes a review that moves the agreement', async () => {
    const range = 'from=2026-10-01&to=2026-11-01';
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/ui#/dashboard?${range}`);

    await page.getByLabel('API key with the review and read scopes').fill(t.auth.authorization!.replace(/^Bearer /, ''));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    // The session lives in an HttpOnly cookie: the page's scripts cannot read it.
    expect(await page.evaluate('document.cookie')).toBe('');
    const api = await json(await getJson(stack.app, `/v1/kpis?${range}`, t.auth));
    const card = (label: string) => page.locator('.card', { hasText: label }).locator('.value').innerText();
    expect(await card('Conversations')).toBe(String(api.summary.conversations));
    expect(await card('Flagged for QA')).toBe(`${(api.summary.qa.rate * 100).toFixed(1)}%`);
    await shot('1-dashboard');

    await page.getByRole('link', { name: 'Review queue' }).click();
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    // Most severe first, with the severity spelled out; nothing stray on the page.
    expect(await page.locator('tbody tr').first().locator('td').first().innerText()).toBe('high');
    expect(await page.locator('main').innerText()).not.toMatch(/\bnull\b|undefined/);
    await shot('2-queue');
    await page.getByRole('link', { name: 'slow-reply' }).click();
    await page.getByRole('heading', { name: 'Conversation slow-reply' }).waitFor();
    // The flag's evidence is highlighted in the transcript, and its link takes the keyboard there.
    await expect.poll(() => page.locator('.transcript li.evidence').count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'message 2' }).first().click();
    expect(await page.evaluate('document.activeElement?.id')).toBe('m1');
    await shot('3-conversation');

    // Assigned to a reviewer by name, from the keyboard.
    await page.getByLabel('Reviewer').fill('ana@qa');
    await page.keyboard.press('Enter');
    await page.getByText('In review by ana@qa.').waitFor();
    const parley = (await json(await getJson(stack.app, `/v1/conversations/${await conversationId('slow-reply')}`, t.auth))).scores.resolution.outcome;
    await page.getByLabel(/^resolution \(Parley/).selectOption(parley === 'resolved' ? 'unresolved' : 'resolved');
    await page.getByLabel(/Correct and complete information/).selectOption('4');
    await page.getByLabel('Comment').fill('Checked by the browser test');
    await page.getByRole('button', { name: 'Save review' }).click();
    await page.getByText(/Review saved: score/).waitFor();
    await page.locator('#past-reviews', { hasText: 'Checked by the browser test' }).waitFor();
    await shot('4-reviewed');

    // Back to the dashboard: it keeps the range it showed.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: /Agreement with reviewers \(1 reviewed\)/ }).waitFor();
    const row = page.locator('#agreement tr', { hasText: 'resolution' });
    expect(await row.locator('td').nth(1).innerText()).toBe('1');
    expect(await row.locator('td').nth(2).innerText()).toBe('0.0%');
    await shot('5-agreement');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(errors).toEqual([]);
  });
});

async function conversationId(externalId: string): Promise<string> {
  const list = await json(await getJson(stack.app, '/v1/conversations?limit=10', t.auth));
  return list.conversations.find((c: { externalId: string }) => c.externalId === externalId).id;
}

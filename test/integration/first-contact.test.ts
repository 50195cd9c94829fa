import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationInput, type Line } from '../support/fixtures';
import { scoreStored } from '../support/scoring';
import { createTestStack, getJson, json, postJson, type Tenant, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(async () => {
  await stack.close();
});

const resolvedLines: Line[] = [['c', 0, 'my refund has not arrived'], ['a', 60, 'I have just issued it.'], ['c', 90, 'thanks, that worked']];

async function ingestAndScore(tenant: Tenant, spec: { id: string; start: string; customerId?: string; lines?: Line[] }) {
  const input = conversationInput(tenant.slug, { lines: resolvedLines, ...spec });
  const { id } = await json(await postJson(stack.app, '/v1/conversations', input, tenant.auth));
  await scoreStored(stack.database, id);
  return id as string;
}

const fcr = async (tenant: Tenant, id: string) =>
  (await json(await getJson(stack.app, `/v1/conversations/${id}`, tenant.auth))).scores.firstContactResolution;

describe('first-contact resolution', () => {
  it('is true when resolved in one touch and the customer did not come back within 7 days', async () => {
    const ws = await stack.tenant();
    const id = await ingestAndScore(ws, { id: 'a', start: '2026-09-01T10:00:00Z', customerId: 'c-1' });
    await ingestAndScore(ws, { id: 'later', start: '2026-09-20T10:00:00Z', customerId: 'c-1' }); // outside the window
    expect(await fcr(ws, id)).toEqual({
      value: true,
      settled: true,
      windowDays: 7,
      reason: 'resolved in one touch, no new conversation within 7 days',
    });
  });

  it('is undone by a new conversation from the same customer inside the window, on any channel', async () => {
    const ws = await stack.tenant();
    const id = await ingestAndScore(ws, { id: 'a', start: '2026-09-01T10:00:00Z', customerId: 'c-2' });
    const back = await ingestAndScore(ws, { id: 'b', start: '2026-09-04T09:00:00Z', customerId: 'c-2' });
    expect(await fcr(ws, id)).toMatchObject({ value: false, settled: true, returnedIn: back });
  });

  it('is false when not resolved, and unknown without a customer id', async () => {
    const ws = await stack.tenant();
    const unresolved = await ingestAndScore(ws, {
      id: 'u',
      start: '2026-09-01T10:00:00Z',
      customerId: 'c-3',
      lines: [['c', 0, 'app crashes'], ['a', 60, 'Please update it.'], ['c', 120, 'still not working']],
    });
    expect(await fcr(ws, unresolved)).toMatchObject({ value: false });
    const anonymous = await ingestAndScore(ws, { id: 'n', start: '2026-09-01T11:00:00Z' });
    expect(await fcr(ws, anonymous)).toMatchObject({ value: null, reason: expect.stringContaining('no customer id') });
  });
});

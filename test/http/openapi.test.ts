import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../src/contract/conversation';
import { createTestStack, json, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await createTestStack();
});
afterAll(async () => {
  await stack.close();
});

describe('the API description', () => {
  it('is served at /openapi.json without a key and documents every route the app serves (the pages aside)', async () => {
    const res = await stack.app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const served = stack.app.routes
      .filter((r) => r.method !== 'ALL' && !r.path.startsWith('/docs') && r.path !== '/openapi.json' && !(r.method === 'GET' && r.path.startsWith('/ui')))
      // bull-board's own pages and API, documented in docs/operations.md
      .filter((r) => !r.path.startsWith('/admin/queues'))
      .map((r) => `${r.method} ${r.path}`);
    expect(documented.sort()).toEqual([...new Set(served)].sort());
  });

  it('describes request bodies and parameters from the validating schemas', async () => {
    const doc = await json(await stack.app.request('/openapi.json'));
    const ingest = doc.paths['/v1/conversations'].post;
    const [single] = ingest.requestBody.content['application/json'].schema.anyOf;
    expect(single.required).toEqual(expect.arrayContaining(['externalId', 'source', 'channel', 'messages']));
    expect(single.properties.channel.enum).toEqual([...CHANNELS]);
    expect(single.additionalProperties).toBe(false);
    expect(ingest['x-required-scope']).toBe('ingest');
    expect(Object.keys(ingest.responses)).toEqual(expect.arrayContaining(['202', '401', '403', '413', '422', '429']));

    const list = doc.paths['/v1/conversations'].get.parameters.map((p: { name: string }) => p.name);
    expect(list).toEqual(['from', 'to', 'timeZone', 'source', 'channel', 'customerId', 'language', 'resolution', 'abandonment', 'handledBy', 'intent', 'agent', 'team', 'overrides', 'limit', 'cursor']);
    const keys = doc.paths['/v1/keys'].post.requestBody.content['application/json'].schema;
    expect(keys.properties.scopes.items.enum).toEqual(['ingest', 'read', 'review', 'admin']);
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/healthz'].get.security).toEqual([]);
  });

  it('has interactive docs at /docs, served from the installed Swagger UI (no CDN)', async () => {
    const page = await stack.app.request('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("url: '/openapi.json'");
    expect(html).not.toMatch(/https?:\/\//);
    const bundle = await stack.app.request('/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await stack.app.request('/docs/../../package.json')).status).toBe(404);
  });
});

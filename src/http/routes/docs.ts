import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { openApiDocument } from '../openapi';
import type { AppEnv } from '../types';

const require = createRequire(import.meta.url);

// Swagger UI's files come from the installed swagger-ui-dist package, not a CDN: /docs works offline.
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Parley API</title><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', persistAuthorization: false });</script>
</body>
</html>`;

/** GET /openapi.json and the interactive docs at /docs; neither needs a key nor shows any data. */
export function docsRoutes() {
  const document = JSON.stringify(openApiDocument());
  const assets = new Map<string, Buffer>();
  const asset = (name: string) => {
    let body = assets.get(name);
    if (!body) {
      body = readFileSync(require.resolve(`swagger-ui-dist/${name}`));
      assets.set(name, body);
    }
    return body;
  };
  return new Hono<AppEnv>()
    .get('/openapi.json', (c) => c.body(document, 200, { 'content-type': 'application/json; charset=utf-8' }))
    .get('/docs', (c) => c.html(PAGE))
    .get('/docs/:asset{swagger-ui\\.css|swagger-ui-bundle\\.js}', (c) => {
      const name = c.req.param('asset');
      return c.body(new Uint8Array(asset(name)), 200, { 'content-type': ASSETS[name]!, 'cache-control': 'public, max-age=86400' });
    });
}

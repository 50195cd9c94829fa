import { readFileSync } from 'node:fs';
import { Hono } from 'hono';

// The web UI is three static files, read once: no build step, nothing fetched from elsewhere.
const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};
const read = (name: string) => readFileSync(new URL(`../../ui/${name}`, import.meta.url));

/** GET /ui and its script and styles; every datum the page shows comes from /v1 with the session cookie. */
export function uiRoutes() {
  const files = new Map(Object.keys(FILES).map((name) => [name, read(name)]));
  const send = (name: string) =>
    new Response(files.get(name)!, {
      headers: {
        'content-type': FILES[name]!,
        'cache-control': 'no-cache',
        // Only our own files run, and no other site may frame the page.
        'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
      },
    });
  return new Hono()
    .get('/ui', () => send('index.html'))
    .get('/ui/:file{app\\.js|style\\.css}', (c) => send(c.req.param('file')));
}

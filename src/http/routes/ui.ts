import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { CHANNELS } from '../../contract/conversation';
import { NEGATIVE_SENTIMENT, POSITIVE_SENTIMENT } from '../../kpis/sentiment-bands';
import { SENTIMENT_LABELS } from '../../review/labels';
import { REVIEW_STATUSES } from '../../review/status';
import { ABANDONMENT_OUTCOMES, FLAG_REASONS, RESOLUTION_OUTCOMES } from '../../scoring/types';

// The web UI is three static files, read once (no build step, nothing fetched from elsewhere), and
// the vocabulary below.
const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};
const read = (name: string) => readFileSync(new URL(`../../ui/${name}`, import.meta.url));

/** The values the page offers in its filters and review form, from the definitions the API validates with. */
const VOCABULARY = JSON.stringify({
  flagReasons: FLAG_REASONS,
  channels: CHANNELS,
  reviewStatuses: REVIEW_STATUSES,
  resolutions: RESOLUTION_OUTCOMES,
  abandonments: ABANDONMENT_OUTCOMES,
  sentiments: SENTIMENT_LABELS,
  sentimentBands: { negativeBelow: NEGATIVE_SENTIMENT, positiveAbove: POSITIVE_SENTIMENT },
});

/** GET /ui, its script, styles and vocabulary; every datum the page shows comes from /v1 with the session cookie. */
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
    .get('/ui/vocabulary.json', (c) => c.body(VOCABULARY, 200, { 'content-type': 'application/json; charset=utf-8' }))
    .get('/ui/:file{app\\.js|style\\.css}', (c) => send(c.req.param('file')));
}

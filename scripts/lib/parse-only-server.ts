/**
 * The ceiling for npm run bench:api: the same HTTP server and framework as the API, reading and
 * validating each posted conversation with the same contract, and storing nothing. Whatever the
 * API does beyond this (authenticating, redacting, storing in Postgres, queueing in Redis,
 * logging, counting) is what the benchmark weighs against it. PORT as for the API.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { conversationSchema } from '../../src/contract/conversation';

const app = new Hono().post('/v1/conversations', async (c) => {
  const parsed = conversationSchema.safeParse(await c.req.json());
  return parsed.success ? c.json({ status: 'parsed', externalId: parsed.data.externalId }, 202) : c.json({ code: 'validation_failed' }, 422);
});
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) });

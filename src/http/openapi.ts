import { z } from 'zod';
import type { Scope } from '../auth/api-key';
import { conversationSchema, LIMITS } from '../contract/conversation';
import { filterQuery } from './conversation-filter';
import { ERROR_STATUS } from './errors';
import { auditQuery } from './routes/audit';
import { assignmentSchema, exportQuery, listQuery, reviewSchema } from './routes/conversations';
import { queueQuery, sampleQuery } from './routes/review-queue';
import { signInSchema } from './routes/ui-session';
import { erasureSchema } from './routes/erasures';
import { failedJobsQuery } from './routes/jobs';
import { newKeySchema } from './routes/keys';
import { compareQuery, kpiQuery } from './routes/kpis';
import { workspacePatchSchema } from './routes/workspace';

/**
 * The OpenAPI 3.1 document served at /openapi.json. Request bodies and query parameters are the
 * JSON Schema of the very zod schemas the routes validate with, so the document cannot drift from
 * what the API accepts. (Refinements such as "in chronological order" have no JSON Schema form:
 * they are in the descriptions and in docs/conversation-contract.md.)
 */
interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path, e.g. /v1/conversations/{id}. */
  path: string;
  /** null: no key needed. */
  scope: Scope | null;
  summary: string;
  description?: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Success status and what it returns. */
  ok: [status: number, description: string];
}

const schema = (type: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(type, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const batch = z.strictObject({ conversations: z.array(conversationSchema).min(1).max(LIMITS.conversationsPerBatch) });

export const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/v1/conversations',
    scope: 'ingest',
    summary: 'Store one conversation or a batch, redacting personal data, and queue them for scoring',
    description:
      'One conversation, or {"conversations": [...]} with up to 500. 202 means committed to Postgres. A batch answers per item; ' +
      'messages must be in chronological order, timestamps between 2000-01-01 and now. See docs/conversation-contract.md.',
    body: z.union([conversationSchema, batch]),
    ok: [202, 'Stored (one result, or one per batch item with status created, updated, unchanged or rejected)'],
  },
  {
    method: 'get',
    path: '/v1/conversations',
    scope: 'read',
    summary: 'List conversations, newest first, with their headline scores',
    description: 'Filters also take attr.KEY=VALUE for any attribute; every KPI bucket can be drilled into with the same filters.',
    query: listQuery,
    ok: [200, '{"conversations": [...], "nextCursor": string | null}'],
  },
  {
    method: 'get',
    path: '/v1/conversations/export',
    scope: 'read',
    summary: 'Every conversation that matches, one row each with every score and metric, streamed as CSV or JSON Lines',
    description: 'Same filters as the list (including attr.KEY=VALUE); never message text. CSV cells that would start a spreadsheet formula get a leading apostrophe.',
    query: exportQuery,
    ok: [200, 'text/csv or application/x-ndjson, streamed'],
  },
  { method: 'get', path: '/v1/conversations/{id}', scope: 'read', summary: 'One conversation with its messages and scores', ok: [200, 'The conversation'] },
  {
    method: 'delete',
    path: '/v1/conversations/{id}',
    scope: 'admin',
    summary: 'Erase a conversation with its messages, scores and reviews (audited)',
    ok: [200, '{"erased": [id], "auditId": string}'],
  },
  { method: 'get', path: '/v1/conversations/{id}/reviews', scope: 'read', summary: "A conversation's QA reviews, oldest first", ok: [200, '{"reviews": [...]}'] },
  {
    method: 'post',
    path: '/v1/conversations/{id}/reviews',
    scope: 'review',
    summary: "Record a QA review: rubric ratings, the reviewer's values of Parley's labels, a comment; marks the conversation done",
    body: reviewSchema,
    ok: [201, 'The stored review'],
  },
  {
    method: 'put',
    path: '/v1/conversations/{id}/assignment',
    scope: 'review',
    summary: 'Assign a conversation to a reviewer (in review), or with null put it back in the queue (new)',
    body: assignmentSchema,
    ok: [200, '{"status": "in_review" | "new", "assignee": string | null}'],
  },
  {
    method: 'get',
    path: '/v1/review-queue',
    scope: 'review',
    summary: 'Flagged conversations, most severe first, with their flags, evidence and review status',
    description: 'Filters: those of the conversation list, plus reason (a flag reason), status (new, in_review, done) and assignee.',
    query: queueQuery,
    ok: [200, '{"items": [...], "nextCursor": string | null}'],
  },
  {
    method: 'get',
    path: '/v1/review-queue/sample',
    scope: 'review',
    summary: 'A random sample of scored conversations, flagged or not, for calibration: a share of each agent or channel',
    description: 'Repeatable: the same seed draws the same sample. Filters: those of the conversation list. At most 1,000 items.',
    query: sampleQuery,
    ok: [200, '{"share", "stratify", "seed", "items": [...], "strata": [{"stratum", "population", "sampled"}], "truncated"}'],
  },
  {
    method: 'get',
    path: '/v1/agreement',
    scope: 'read',
    summary: "Parley against the reviewers: accuracy and Cohen's kappa per label, mean absolute error of predicted satisfaction, with n",
    description: 'Over the latest review of each reviewed conversation the filters select (those of the conversation list).',
    query: filterQuery,
    ok: [200, '{"reviews", "labels": {"sentiment": {"n", "accuracy", "kappa"}, …}, "satisfaction": {"n", "meanAbsoluteError"}}'],
  },
  {
    method: 'post',
    path: '/ui/session',
    scope: null,
    summary: 'Sign in to the web UI with a key that has the review and read scopes: an 8-hour HttpOnly session cookie',
    description: 'Requests the UI makes with the cookie that change data must also send the header x-parley-ui: 1.',
    body: signInSchema,
    ok: [200, '{"workspace": slug, "scopes": [...]}; Set-Cookie: parley_session=…'],
  },
  { method: 'delete', path: '/ui/session', scope: null, summary: 'Sign out of the web UI: ends the session and clears its cookie', ok: [204, 'Signed out'] },
  { method: 'get', path: '/v1/rubric', scope: 'review', summary: "The workspace's QA scorecard: categories, weights, critical ones", ok: [200, '{"categories": [...]}'] },
  { method: 'get', path: '/v1/kpis', scope: 'read', summary: 'KPIs: summary, by day and by channel', query: kpiQuery, ok: [200, 'The KPIs'] },
  {
    method: 'get',
    path: '/v1/kpis/compare',
    scope: 'read',
    summary: 'Two segments side by side, with b − a and a significance test for every comparable KPI',
    description:
      'Parameters without a prefix apply to both segments; a.PARAM and b.PARAM (any filter, from, to, attr.KEY) set one side, ' +
      'e.g. a.attr.greeting_variant=A&b.attr.greeting_variant=B, or a.from/a.to against b.from/b.to. Rates: two-proportion z-test; means: Welch t.',
    query: compareQuery,
    ok: [200, '{"a": {...}, "b": {...}, "comparisons": [{"metric", "a", "b", "result": {"test", "difference", "statistic", "df"?, "p"}}]}'],
  },
  { method: 'get', path: '/v1/keys', scope: 'admin', summary: "The workspace's API keys, without secrets", ok: [200, '{"keys": [...]}'] },
  { method: 'post', path: '/v1/keys', scope: 'admin', summary: 'Create an API key; the answer is the only time its secret is shown', body: newKeySchema, ok: [201, 'The key, with "key"'] },
  { method: 'delete', path: '/v1/keys/{id}', scope: 'admin', summary: 'Revoke an API key', ok: [200, '{"id": string, "revoked": true}'] },
  { method: 'get', path: '/v1/workspace', scope: 'admin', summary: "The workspace's settings", ok: [200, '{"slug": string, "redaction": {...}}'] },
  { method: 'patch', path: '/v1/workspace', scope: 'admin', summary: 'Change what is redacted from conversations that arrive from now on', body: workspacePatchSchema, ok: [200, 'The new settings'] },
  {
    method: 'post',
    path: '/v1/erasures',
    scope: 'admin',
    summary: 'Erase every conversation of a customer (audited)',
    body: erasureSchema,
    ok: [200, '{"erased": [ids], "auditId": string}'],
  },
  { method: 'get', path: '/v1/audit', scope: 'admin', summary: "The workspace's audit log, newest first", query: auditQuery, ok: [200, '{"entries": [...]}'] },
  {
    method: 'get',
    path: '/v1/jobs/failed',
    scope: 'admin',
    summary: "The workspace's scoring jobs that ran out of attempts, most recent first, with their error",
    query: failedJobsQuery,
    ok: [200, '{"jobs": [{"id", "name", "failedReason", "attemptsMade", "enqueuedAt", "failedAt", "conversationIds"}], "complete": boolean}'],
  },
  { method: 'post', path: '/v1/jobs/failed/retry', scope: 'admin', summary: "Retry every failed scoring job of the workspace (audited)", ok: [200, '{"retried": number, "jobIds": [...]}'] },
  { method: 'post', path: '/v1/jobs/{id}/retry', scope: 'admin', summary: 'Retry one failed scoring job (audited); 409 if it has not failed', ok: [202, '{"id": string, "state": "waiting"}'] },
  { method: 'get', path: '/livez', scope: null, summary: 'The process answers (never looks at Postgres or Redis)', ok: [200, '{"status": "ok", "uptimeSeconds": number}'] },
  {
    method: 'get',
    path: '/readyz',
    scope: null,
    summary: 'Ready for work: Postgres and Redis answer and the process is not shutting down (503 otherwise)',
    ok: [200, '{"status": "ok", "ready": true, "postgres": true, "redis": true, "draining": false}'],
  },
  { method: 'get', path: '/healthz', scope: null, summary: 'The readiness check under its older name', ok: [200, 'As /readyz'] },
  { method: 'get', path: '/metrics', scope: null, summary: 'Prometheus metrics (a bearer METRICS_TOKEN when one is set)', ok: [200, 'Prometheus text exposition'] },
];

const problem = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail', 'field', 'errors'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
    detail: { type: 'string' },
    field: { type: ['string', 'null'], description: 'The first offending field, e.g. messages[1].sentAt' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
    requestId: { type: 'string' },
  },
};

function errorResponses(op: Operation): Record<string, unknown> {
  const statuses = new Set<number>([500]);
  if (op.scope) [401, 403, 429, 503].forEach((s) => statuses.add(s));
  if (op.body) [400, 413, 415, 422].forEach((s) => statuses.add(s));
  if (op.query) statuses.add(400);
  if (op.path.includes('{id}')) statuses.add(404);
  const ref = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  return Object.fromEntries([...statuses].sort().map((s) => [String(s), { description: `Problem (${s})`, content: ref }]));
}

function parameters(op: Operation) {
  const path = op.path.includes('{id}') ? [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] : [];
  const query = Object.entries(op.query?.shape ?? {}).map(([name, field]) => ({
    name,
    in: 'query',
    required: !(field as z.ZodType).safeParse(undefined).success,
    schema: schema(field as z.ZodType),
  }));
  return [...path, ...query];
}

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.scope ? { security: [{ apiKey: [] }], 'x-required-scope': op.scope } : { security: [] }),
      parameters: parameters(op),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(op.body) } } } } : {}),
      responses: { [String(op.ok[0])]: { description: op.ok[1] }, ...errorResponses(op) },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: '1',
      description: 'Conversation analytics. Every /v1 call needs an API key of the workspace it acts on (docs/api.md).',
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer prl_<id>_<secret>' } },
      schemas: { Problem: problem },
    },
    paths,
  };
}

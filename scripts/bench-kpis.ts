/**
 * npm run bench:kpis: seeds a database of its own (parley_bench_kpis, recreated each run) with
 * BENCH_CONVERSATIONS scored conversations (default 1,000,000) over the last year, then times a
 * dashboard's query set through the same functions the API calls and prints p50 and p95.
 *
 * The seed is generated inside Postgres (generate_series) with a fixed random seed, so every run
 * builds the same data: 6 channels, 3 sources, 5 languages, 11 intents, 60 agents in 6 teams, two
 * greeting variants, bot/human/both handling, every abandonment type, surveys on a fifth.
 */
import { connectPostgres } from '../src/db/connect';
import { loadConfigOrExit } from '../src/config/env';
import { createDb } from '../src/db/client';
import { dropDatabase, ensureDatabase, runMigrations } from '../src/db/migrate';
import { refreshAllRollups } from '../src/db/queries/kpi-rollups';
import { queryKpis, type KpiQuery } from '../src/db/queries/kpis';
import { compareSegments } from '../src/kpis/compare';
import { localDay, localInstant } from '../src/lib/time-zone';

const COUNT = Number(process.env.BENCH_CONVERSATIONS ?? 1_000_000);
// Enough runs that p95 is not simply the slowest one.
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
// The raw statement takes seconds on a million conversations: fewer runs of it.
const RAW_RUNS = Number(process.env.BENCH_RAW_RUNS ?? 3);
const config = loadConfigOrExit();
const url = new URL(config.DATABASE_URL);
url.pathname = '/parley_bench_kpis';
const benchUrl = url.toString();
const WORKSPACE = '00000000-0000-4000-8000-00000000b0b0';
// The workspace's reporting time zone, which the dashboard queries use.
const ZONE = 'Europe/Lisbon';

const log = (message: string) => console.log(`[bench:kpis] ${message}`);

async function seed(): Promise<void> {
  await dropDatabase(benchUrl);
  await ensureDatabase(benchUrl);
  await runMigrations(benchUrl);
  const sql = connectPostgres(benchUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`insert into workspaces (id, slug, time_zone) values (${WORKSPACE}, 'bench', ${ZONE})`;
    await sql`select setseed(0.42)`;
    // Rows in time order, as a backfill of history inserts them.
    await sql.unsafe(`
      create temporary table seed as
      select gen_random_uuid() as id, i,
             now() - interval '365 days' + (i::float8 / ${COUNT}) * interval '365 days' as started_at,
             (array['web_chat','whatsapp','email','messenger','instagram','sms'])[1 + floor(random() * 6)::int] as channel,
             (array['zendesk','webchat-bot','wa-business'])[1 + floor(random() * 3)::int] as source,
             (array['en','pt','es','ro','other'])[1 + floor(random() * 5)::int] as language,
             (array['bot','human','both'])[1 + floor(random() * 3)::int] as handled_by,
             (array['order_status','shipping','returns','billing','account','product_question','cancellation','complaint','technical_problem','talk_to_human','other'])[1 + floor(random() * 11)::int] as intent,
             floor(random() * 60)::int as agent,
             (array['A','B'])[1 + floor(random() * 2)::int] as greeting,
             (array['none','none','none','none','none','pre_engagement','in_queue','bot_dropoff','post_reply_silence','window_expired'])[1 + floor(random() * 10)::int] as abandonment,
             random() as r1, random() as r2, random() as r3, random() as r4, random() as r5
      from generate_series(1, ${COUNT}) as i`);
    log('seed rows generated');
    await sql.unsafe(`
      insert into conversations (id, workspace_id, source, external_id, channel, language, customer_id, agent_id, started_at, ended_at,
                                 message_count, events, attributes, content_hash)
      select id, '${WORKSPACE}', source, 'c-' || i, channel, null, 'cust-' || floor(r5 * ${Math.max(1, Math.floor(COUNT / 3))})::int,
             case when handled_by <> 'bot' then 'agent-' || agent end, started_at, started_at + (r3 * 3600) * interval '1 second', 2 + floor(r1 * 20)::int,
             case when r2 < 0.05 then '[{"type":"resolved","at":"2026-01-01T00:00:00Z"},{"type":"reopened","at":"2026-01-02T00:00:00Z"}]'::jsonb
                  when r2 < 0.5 then '[{"type":"resolved","at":"2026-01-01T00:00:00Z"}]'::jsonb else '[]'::jsonb end,
             jsonb_build_object('greeting_variant', greeting, 'campaign', 'c' || floor(r4 * 10)::int), md5(id::text)
      from seed`);
    log('conversations inserted');
    await sql.unsafe(`
      insert into transcripts (conversation_id, messages)
      select id, jsonb_build_array(jsonb_build_object('role', 'customer', 'text', 'hello', 'sentAt', started_at))
                 || case when handled_by <> 'bot'
                         then jsonb_build_array(jsonb_build_object('role', 'agent', 'authorId', 'agent-' || agent, 'text', 'hi',
                                                                   'sentAt', started_at + interval '1 minute'))
                         else '[]'::jsonb end
      from seed`);
    log('transcripts inserted');
    await sql.unsafe(`
      insert into conversation_scores (conversation_id, scorer_version, workspace_id, revision, language, customer_sentiment,
        customer_sentiment_start, customer_sentiment_end, sentiment_trend, intent, intent_confidence, intent_taxonomy,
        resolution, resolution_confidence, resolved_single_touch, abandonment, handled_by, escalated,
        first_response_seconds, reply_times_seconds, customer_wait_seconds, duration_seconds, message_count,
        customer_messages, agent_messages, bot_messages, predicted_csat, survey_csat, survey_nps, converted, conversion_value, details)
      select id, 'bench', '${WORKSPACE}', 1, language, r1 * 2 - 1, r2 * 2 - 1, r3 * 2 - 1,
             (array['improving','worsening','stable'])[1 + floor(r4 * 3)::int], intent, 0.8, 'default',
             case when abandonment <> 'none' then 'unresolved' when r2 < 0.5 then 'resolved' else 'unresolved' end, 0.8,
             abandonment = 'none' and r2 < 0.45, abandonment, handled_by, handled_by = 'both',
             case when handled_by = 'bot' then null else r3 * 3600 end,
             case when handled_by = 'bot' then '{}'::float8[] else array[r3 * 3600, r4 * 1800, r5 * 600] end,
             case when handled_by = 'bot' then 0 else r3 * 3600 + r4 * 1800 + r5 * 600 end, r3 * 3600,
             2 + floor(r1 * 20)::int, 1 + floor(r1 * 10)::int, case when handled_by = 'bot' then 0 else 1 + floor(r2 * 5)::int end,
             case when handled_by = 'human' then 0 else 1 + floor(r3 * 5)::int end,
             1 + r4 * 4, case when r5 < 0.2 then 1 + floor(r1 * 5)::int end, case when r5 < 0.1 then floor(r2 * 11)::int end,
             r4 < 0.05, case when r4 < 0.05 then round((r1 * 500)::numeric, 2)::float8 end,
             '{"conversionCurrency":"EUR"}'::jsonb
      from seed`);
    log('scores inserted');
    await sql`analyze`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const DAY_MS = 86_400_000;

/** One more scored conversation, started a minute ago, as the worker would write it. */
async function addOneConversation(): Promise<void> {
  const sql = connectPostgres(benchUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.begin(async (tx) => {
      const [c] = await tx`
        insert into conversations (workspace_id, source, external_id, channel, started_at, ended_at, message_count, events, attributes, content_hash)
        values (${WORKSPACE}, 'zendesk', ${`fresh-${Date.now()}`}, 'web_chat', now() - interval '1 minute', now(), 2, '[]', '{"greeting_variant":"A"}', 'fresh')
        returning id`;
      await tx`
        insert into conversation_scores (conversation_id, scorer_version, workspace_id, revision, language, resolution, resolution_confidence,
          abandonment, handled_by, escalated, reply_times_seconds, customer_wait_seconds, duration_seconds, message_count,
          customer_messages, agent_messages, bot_messages, converted, details)
        values (${c!.id}, 'bench', ${WORKSPACE}, 1, 'en', 'resolved', 0.9, 'none', 'human', false, '{30}', 30, 60, 2, 1, 1, 0, false, '{}')`;
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * The queries a dashboard opening on the last 90 days (today included, in the workspace's zone)
 * sends; a comparison is its two segments, run side by side as GET /v1/kpis/compare runs them.
 */
function dashboard(): [string, KpiQuery[]][] {
  const today = localDay(Date.now(), ZONE);
  const from = new Date(localInstant(today - 89 * DAY_MS, 0, ZONE));
  const to = new Date(localInstant(today + DAY_MS, 0, ZONE));
  const base = { filter: { workspaceId: WORKSPACE, from, to }, timeZone: ZONE, groupBy: [], fcrWindowDays: 7 } as KpiQuery;
  return [
    ['90 days by day x channel', [{ ...base, interval: 'day', groupBy: ['channel'] }]],
    ['90 days by agent', [{ ...base, groupBy: ['agent'] }]],
    [
      'compare greetings A and B',
      ['A', 'B'].map((variant) => ({ ...base, filter: { ...base.filter, attributes: { greeting_variant: variant } } })),
    ],
  ];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

async function time(runs: number, run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

if (process.env.BENCH_SKIP_SEED !== '1') {
  const started = performance.now();
  log(`seeding ${COUNT.toLocaleString('en')} scored conversations into parley_bench_kpis…`);
  await seed();
  log(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
} else {
  // Data kept from an earlier run may predate the current schema.
  await runMigrations(benchUrl);
}

const database = createDb(benchUrl, { max: 4, applicationName: 'parley-bench-kpis' });
try {
  const db = database.db;
  const built = performance.now();
  const days = await refreshAllRollups(db);
  if (days > 0) log(`rollups built: ${days} days in ${((performance.now() - built) / 1000).toFixed(1)} s`);

  console.log(`${COUNT.toLocaleString('en')} conversations over a year; ${RUNS} runs of each query from the rollups, ${RAW_RUNS} from the raw tables (after one warm-up each); Node ${process.version}`);
  console.log('query                        rollups p50   p95 ms    raw p50   p95 ms   rollups/raw (p95)');
  for (const [name, queries] of dashboard()) {
    const run = async (exact: boolean) => {
      const answers = await Promise.all(queries.map((q) => queryKpis(db, q, { exact })));
      if (!exact && answers.some((a) => a.computedFrom !== 'rollups')) throw new Error(`${name} was not answered from the rollups`);
      return answers.length === 2 ? compareSegments(answers[0]!.summary, answers[1]!.summary) : answers[0];
    };
    const rolled = await time(RUNS, () => run(false));
    const raw = await time(RAW_RUNS, () => run(true));
    const cols = [rolled.p50, rolled.p95, raw.p50, raw.p95].map((v) => v.toFixed(0).padStart(9));
    console.log(`${name.padEnd(26)} ${cols.join('')}   ${(rolled.p95 / raw.p95).toFixed(4).padStart(9)}`);
  }

  // Freshness: a conversation scored now counts at once (its day is read from the conversations
  // until the refresher rebuilds it), and the refresher's next pass rebuilds its day.
  const [query] = dashboard()[0]![1] as [KpiQuery];
  const before = (await queryKpis(db, query)).summary.conversations;
  await addOneConversation();
  const during = await time(RUNS, () => queryKpis(db, query));
  const after = (await queryKpis(db, query)).summary.conversations;
  const t0 = performance.now();
  await refreshAllRollups(db);
  const rebuild = performance.now() - t0;
  const settled = await time(RUNS, () => queryKpis(db, query));
  console.log(`freshness: a new scored conversation counted at once (${before} -> ${after}); day x channel while today awaits its rebuild: p50 ${during.p50.toFixed(0)} ms, p95 ${during.p95.toFixed(0)} ms; rebuild of today ${rebuild.toFixed(0)} ms; after it p95 ${settled.p95.toFixed(0)} ms`);
  if (after !== before + 1) throw new Error('the new conversation was not counted');
} finally {
  await database.close();
}

import { ABANDONMENT_TYPES, FLAG_REASONS } from '../../scoring/types';
import { addValue, emptyHistogram, mergeInto, quantile, toPairs, type Histogram } from './histogram';

/** Everything the KPIs read of one conversation (the columns of the KPI base rows, docs/kpis.md). */
export interface ConversationFacts {
  message_count: number;
  scored: boolean;
  customer_messages: number | null;
  bot_messages: number | null;
  abandonment: string | null;
  resolution: string | null;
  escalated: boolean | null;
  customer_sentiment: number | null;
  sentiment_negative: boolean | null;
  customer_sentiment_start: number | null;
  customer_sentiment_end: number | null;
  sentiment_trend: string | null;
  first_response_seconds: number | null;
  reply_times_seconds: number[] | null;
  customer_wait_seconds: number | null;
  duration_seconds: number | null;
  first_response_business_seconds: number | null;
  reply_times_business_seconds: number[] | null;
  customer_wait_business_seconds: number | null;
  survey_csat: number | null;
  survey_nps: number | null;
  predicted_csat: number | null;
  predicted_level: number | null;
  converted: boolean | null;
  conversion_value: number | null;
  conversion_currency: string | null;
  flagged: boolean | null;
  /** The distinct reasons of its QA flags. */
  flag_reasons: string[];
  reviewed: boolean;
  resolve_event: boolean;
  reopen_event: boolean;
  fcr: boolean | null;
}


const COUNTS = [
  'conversations', 'scored', 'engaged', 'messages', 'sentiment_negative', 'change_n', 'resolved', 'fcr_n', 'fcr_true',
  'resolve_events', 'reopened', 'abandoned', ...ABANDONMENT_TYPES.map((t) => `abandoned_${t}` as const),
  'bot_handled', 'bot_escalated', 'bot_abandoned', 'bot_contained', 'csat_n', 'csat_top2', 'nps_n', 'nps_promoters',
  'nps_detractors', 'predicted_1', 'predicted_2', 'predicted_3', 'predicted_4', 'predicted_5', 'converted', 'conversion_value_n',
  'qa_n', 'qa_flagged', 'reviewed', ...FLAG_REASONS.map((r) => `flag_${r}` as const),
] as const;
const MOMENTS = ['sentiment', 'change', 'predicted', 'calendar_frt', 'calendar_wait', 'calendar_reply', 'business_frt', 'business_wait', 'business_reply', 'duration'] as const;
const HISTOGRAMS = ['calendar_frt', 'calendar_wait', 'calendar_reply', 'business_frt', 'business_wait', 'business_reply', 'duration'] as const;
type Count = (typeof COUNTS)[number];
type Moment = (typeof MOMENTS)[number];
type Timed = (typeof HISTOGRAMS)[number];
const COUNT_AT = Object.fromEntries(COUNTS.map((name, i) => [name, i])) as Record<Count, number>;
const MOMENT_AT = Object.fromEntries(MOMENTS.map((name, i) => [name, i])) as Record<Moment, number>;
const HISTOGRAM_AT = Object.fromEntries(HISTOGRAMS.map((name, i) => [name, i])) as Record<Timed, number>;

/** Count, mean and sum of squared deviations (Welford), so cells merge without losing precision. */
interface Moments {
  n: number;
  mean: number;
  m2: number;
}

/**
 * The mergeable aggregate of a set of conversations: exact counts and moments, 1%-accurate
 * percentiles. A cell being counted into owns dense histograms; one read from storage keeps its
 * sparse ones and is only ever merged from, or has none (read without them, see `percentiles`).
 */
export interface Cell {
  counts: number[];
  moments: Moments[];
  histograms: Histogram[] | null;
  /** The cell's own percentiles as stored (PERCENTILES order), for a cell read without histograms. */
  percentiles?: (number | null)[];
  conversionValue: number;
  currencies: Set<string>;
}

/** Bump when a cell's layout or meaning changes: every workspace's cells are then rebuilt. */
export const CELL_FORMAT = 7;

export function emptyCell(): Cell {
  return {
    counts: COUNTS.map(() => 0),
    moments: MOMENTS.map(() => ({ n: 0, mean: 0, m2: 0 })),
    histograms: HISTOGRAMS.map(emptyHistogram),
    conversionValue: 0,
    currencies: new Set(),
  };
}

function observe(m: Moments, value: number): void {
  m.n += 1;
  const delta = value - m.mean;
  m.mean += delta / m.n;
  m.m2 += delta * (value - m.mean);
}

function combine(into: Moments, from: Moments): void {
  if (from.n === 0) return;
  const n = into.n + from.n;
  const delta = from.mean - into.mean;
  into.mean += (delta * from.n) / n;
  into.m2 += from.m2 + (delta * delta * into.n * from.n) / n;
  into.n = n;
}

/** Adds one conversation, counting exactly what the raw KPI statement counts (docs/kpis.md). */
export function addConversation(cell: Cell, f: ConversationFacts): void {
  const count = (name: Count) => (cell.counts[COUNT_AT[name]]! += 1);
  const moment = (name: Moment, value: number) => observe(cell.moments[MOMENT_AT[name]]!, value);
  const timed = (name: Timed, value: number) => {
    observe(cell.moments[MOMENT_AT[name]]!, value);
    addValue(cell.histograms![HISTOGRAM_AT[name]] as Uint32Array, value);
  };
  count('conversations');
  cell.counts[COUNT_AT.messages]! += f.message_count;
  if (!f.scored) return;
  count('scored');
  if ((f.customer_messages ?? 0) > 0 && f.abandonment !== 'pre_engagement') count('engaged');
  if (f.customer_sentiment !== null) {
    moment('sentiment', f.customer_sentiment);
    if (f.sentiment_negative) count('sentiment_negative');
  }
  if (f.sentiment_trend !== null) {
    count('change_n');
    if (f.customer_sentiment_end !== null && f.customer_sentiment_start !== null) moment('change', f.customer_sentiment_end - f.customer_sentiment_start);
  }
  if (f.resolution === 'resolved') count('resolved');
  if (f.fcr !== null) {
    count('fcr_n');
    if (f.fcr) count('fcr_true');
  }
  if (f.resolve_event) count('resolve_events');
  if (f.resolve_event && f.reopen_event) count('reopened');
  if (f.abandonment !== null && f.abandonment !== 'none') {
    count('abandoned');
    if ((ABANDONMENT_TYPES as readonly string[]).includes(f.abandonment)) count(`abandoned_${f.abandonment}` as Count);
  }
  if ((f.bot_messages ?? 0) > 0) {
    count('bot_handled');
    if (f.escalated) count('bot_escalated');
    else if (f.abandonment !== 'none') count('bot_abandoned');
    else count('bot_contained');
  }
  if (f.survey_csat !== null) {
    count('csat_n');
    if (f.survey_csat >= 4) count('csat_top2');
  }
  if (f.survey_nps !== null) {
    count('nps_n');
    if (f.survey_nps >= 9) count('nps_promoters');
    if (f.survey_nps <= 6) count('nps_detractors');
  }
  if (f.predicted_csat !== null) {
    moment('predicted', f.predicted_csat);
    if (f.predicted_level !== null && f.predicted_level >= 1 && f.predicted_level <= 5) count(`predicted_${f.predicted_level}` as Count);
  }
  if (f.first_response_seconds !== null) {
    timed('calendar_frt', f.first_response_seconds);
    if (f.customer_wait_seconds !== null) timed('calendar_wait', f.customer_wait_seconds);
  }
  for (const r of f.reply_times_seconds ?? []) timed('calendar_reply', r);
  if (f.first_response_business_seconds !== null) {
    timed('business_frt', f.first_response_business_seconds);
    if (f.customer_wait_business_seconds !== null) timed('business_wait', f.customer_wait_business_seconds);
  }
  for (const r of f.reply_times_business_seconds ?? []) timed('business_reply', r);
  if (f.duration_seconds !== null) timed('duration', f.duration_seconds);
  if (f.reviewed) count('reviewed');
  if (f.flagged !== null) {
    count('qa_n');
    if (f.flagged) count('qa_flagged');
    for (const reason of f.flag_reasons) if ((FLAG_REASONS as readonly string[]).includes(reason)) count(`flag_${reason}` as Count);
  }
  if (f.converted) {
    count('converted');
    if (f.conversion_value !== null) {
      count('conversion_value_n');
      cell.conversionValue += f.conversion_value;
    }
    if (f.conversion_currency !== null) cell.currencies.add(f.conversion_currency);
  }
}

export function mergeCell(into: Cell, from: Cell): void {
  for (let i = 0; i < COUNTS.length; i++) into.counts[i]! += from.counts[i]!;
  for (let i = 0; i < MOMENTS.length; i++) combine(into.moments[i]!, from.moments[i]!);
  if (!from.histograms || !into.histograms) throw new Error('a cell read without its histograms cannot be merged');
  for (let i = 0; i < HISTOGRAMS.length; i++) mergeInto(into.histograms[i] as Uint32Array, from.histograms[i]!);
  into.conversionValue += from.conversionValue;
  for (const c of from.currencies) into.currencies.add(c);
}

/** Every percentile a KPI reports, in the order a stored cell keeps them. */
const PERCENTILES: [Timed, number][] = HISTOGRAMS.flatMap((name) => [[name, 0.5], [name, 0.9]] as [Timed, number][]);
/** Where a stored cell's histograms are: queries that need no merging leave them out (jsonb_set to null). */
export const HISTOGRAMS_INDEX = 2;

/** The stored form: plain JSON arrays in the order of CELL_FORMAT. */
export function encodeCell(cell: Cell): unknown[] {
  const pairs = cell.histograms!.map(toPairs);
  return [cell.counts, cell.moments.flatMap((m) => [m.n, m.mean, m.m2]), pairs, cell.conversionValue, [...cell.currencies], cellPercentiles(cell, pairs)];
}

/**
 * Every percentile a KPI reports (PERCENTILES order), each histogram read in its sparse form once;
 * a cell read without histograms has them stored.
 */
function cellPercentiles(cell: Cell, pairs = cell.histograms?.map(toPairs)): (number | null)[] {
  if (!pairs) return cell.percentiles!;
  return PERCENTILES.map(([name, p]) => quantile(pairs[HISTOGRAM_AT[name]]!, p, cell.moments[MOMENT_AT[name]]!.n));
}

export function decodeCell(stored: unknown[]): Cell {
  const [counts, moments, histograms, conversionValue, currencies, percentiles] = stored as [number[], number[], number[][] | null, number, string[], (number | null)[]];
  return {
    counts: [...counts],
    moments: MOMENTS.map((_, i) => ({ n: moments[3 * i]!, mean: moments[3 * i + 1]!, m2: moments[3 * i + 2]! })),
    histograms,
    percentiles,
    conversionValue,
    currencies: new Set(currencies),
  };
}

const sd = (m: Moments) => (m.n < 2 ? null : Math.sqrt(Math.max(0, m.m2) / (m.n - 1)));
const mean = (m: Moments) => (m.n === 0 ? null : m.mean);

/**
 * The cell as the row the raw KPI statement returns for a group, so both paths share one reading
 * of the numbers (`metrics` in db/queries/kpis.ts).
 */
export function cellAsRow(cell: Cell): { row: Record<string, unknown>; replies: Record<'calendar' | 'business', Record<string, unknown>> } {
  const row: Record<string, unknown> = {};
  COUNTS.forEach((name, i) => (row[name] = cell.counts[i]));
  const m = (name: Moment) => cell.moments[MOMENT_AT[name]]!;
  const percentiles = cellPercentiles(cell);
  const percentile = (name: Timed, p: number) => percentiles[PERCENTILES.findIndex(([n, q]) => n === name && q === p)]!;
  const conversations = row.conversations as number;
  row.messages_per_conversation = conversations === 0 ? null : (row.messages as number) / conversations;
  Object.assign(row, {
    sentiment_n: m('sentiment').n,
    sentiment_mean: mean(m('sentiment')),
    sentiment_sd: sd(m('sentiment')),
    change_mean: mean(m('change')),
    predicted_n: m('predicted').n,
    predicted_mean: mean(m('predicted')),
    predicted_sd: sd(m('predicted')),
    duration_n: m('duration').n,
    duration_median: percentile('duration', 0.5),
    duration_mean: mean(m('duration')),
    duration_sd: sd(m('duration')),
    conversion_value: cell.counts[COUNT_AT.conversion_value_n] === 0 ? null : cell.conversionValue,
    conversion_currencies: cell.currencies.size,
    conversion_currency: [...cell.currencies].sort()[0] ?? null,
  });
  const replies = { calendar: {}, business: {} } as Record<'calendar' | 'business', Record<string, unknown>>;
  for (const clock of ['calendar', 'business'] as const) {
    const frt = m(`${clock}_frt`);
    const wait = m(`${clock}_wait`);
    Object.assign(row, {
      [`${clock}_frt_n`]: frt.n,
      [`${clock}_frt_median`]: percentile(`${clock}_frt`, 0.5),
      [`${clock}_frt_p90`]: percentile(`${clock}_frt`, 0.9),
      [`${clock}_frt_mean`]: mean(frt),
      [`${clock}_frt_sd`]: sd(frt),
      [`${clock}_wait_median`]: percentile(`${clock}_wait`, 0.5),
      [`${clock}_wait_mean`]: mean(wait),
      [`${clock}_wait_sd`]: sd(wait),
    });
    const reply = m(`${clock}_reply`);
    replies[clock] = { n: reply.n, median: percentile(`${clock}_reply`, 0.5), p90: percentile(`${clock}_reply`, 0.9), mean: mean(reply), sd: sd(reply) };
  }
  return { row, replies };
}

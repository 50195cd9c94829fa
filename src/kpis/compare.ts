import type { KpiMetrics } from './metrics';
import { twoProportionZ, welchT, type TestResult } from './significance';

/**
 * Every comparable KPI of two segments, with b − a and a two-sided test: the two-proportion z-test
 * for rates, Welch's t for means (NPS as the mean of +100 / 0 / −100 per answer).
 */
const RATES: [string, (m: KpiMetrics) => [number, number]][] = [
  ['engagement.rate', (m) => [m.engagement.engaged, m.scored]],
  ['sentiment.negativeShare', (m) => [m.sentiment.negative, m.sentiment.n]],
  ['resolution.rate', (m) => [m.resolution.resolved, m.scored]],
  ['resolution.fcr.rate', (m) => [m.resolution.fcr.resolved, m.resolution.fcr.n]],
  ['resolution.reopen.rate', (m) => [m.resolution.reopen.reopened, m.resolution.reopen.resolvedEvents]],
  ['abandonment.rate', (m) => [m.abandonment.abandoned, m.scored]],
  ['bot.escalationRate', (m) => [m.bot.escalated, m.bot.handled]],
  ['bot.containmentRate', (m) => [m.bot.contained, m.bot.handled]],
  ['csat.score', (m) => [m.csat.satisfied, m.csat.answered]],
  ['conversion.rate', (m) => [m.conversion.converted, m.conversations]],
];

type Moments = { mean: number | null; sd: number | null; n: number };

function npsMoments(m: KpiMetrics): Moments {
  const { n, promoters, detractors } = m.nps;
  if (n === 0) return { mean: null, sd: null, n };
  const mean = (100 * (promoters - detractors)) / n;
  // Each answer is +100, 0 or −100: the sample variance of those values.
  const sumSquares = 100 ** 2 * (promoters + detractors);
  const variance = n > 1 ? (sumSquares - n * mean ** 2) / (n - 1) : null;
  return { mean, sd: variance === null ? null : Math.sqrt(variance), n };
}

const MEANS: [string, (m: KpiMetrics) => Moments][] = [
  ['sentiment.mean', (m) => m.sentiment],
  ['predictedCsat.mean', (m) => m.predictedCsat],
  ['nps.score', npsMoments],
  ['firstResponseSeconds.mean', (m) => m.firstResponseSeconds],
  ['replySeconds.mean', (m) => m.replySeconds],
  ['customerWaitSeconds.mean', (m) => m.customerWaitSeconds],
  ['durationSeconds.mean', (m) => m.durationSeconds],
];

export interface Comparison {
  metric: string;
  a: number | null;
  b: number | null;
  /** null when either side has too little data to test. */
  result: TestResult | null;
}

export function compareSegments(a: KpiMetrics, b: KpiMetrics): Comparison[] {
  const rates = RATES.map(([metric, pick]): Comparison => {
    const [xa, na] = pick(a);
    const [xb, nb] = pick(b);
    return { metric, a: na ? xa / na : null, b: nb ? xb / nb : null, result: twoProportionZ(xa, na, xb, nb) };
  });
  const means = MEANS.map(([metric, pick]): Comparison => {
    const ma = pick(a);
    const mb = pick(b);
    const testable = ma.mean !== null && mb.mean !== null && ma.sd !== null && mb.sd !== null;
    return { metric, a: ma.mean, b: mb.mean, result: testable ? welchT(ma.mean!, ma.sd! ** 2, ma.n, mb.mean!, mb.sd! ** 2, mb.n) : null };
  });
  return [...rates, ...means];
}

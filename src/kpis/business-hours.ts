import { z } from 'zod';
import { isTimeZone, localDay, localInstant } from '../lib/time-zone';

/**
 * A workspace's opening hours: a weekly schedule in its own time zone, plus closed dates. An
 * interval whose end is not after its start runs past midnight ("22:00"-"02:00"), so night shifts
 * are expressible; "24:00" ends at midnight.
 */
const clock = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM, 00:00 to 24:00');
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export const businessHoursSchema = z.strictObject({
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Lisbon'),
  weekly: z.strictObject(
    Object.fromEntries(DAYS.map((d) => [d, z.array(z.strictObject({ from: clock, to: clock })).max(6).default([])])) as Record<
      (typeof DAYS)[number],
      z.ZodDefault<z.ZodArray<z.ZodObject<{ from: typeof clock; to: typeof clock }>>>
    >,
  ),
  closedDates: z.array(z.iso.date()).max(366).default([]),
});

export type BusinessHours = z.output<typeof businessHoursSchema>;

const DAY_MS = 86_400_000;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** Seconds of [from, to) that fall within business hours. */
export function businessSeconds(from: Date, to: Date, hours: BusinessHours): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  const closed = new Set(hours.closedDates);
  let total = 0;
  // From the day before (an overnight shift may reach into `from`) to the last local day.
  for (let day = localDay(start, hours.timeZone) - DAY_MS; day <= localDay(end, hours.timeZone); day += DAY_MS) {
    if (closed.has(new Date(day).toISOString().slice(0, 10))) continue;
    for (const interval of hours.weekly[DAYS[new Date(day).getUTCDay()]!]) {
      const open = minutes(interval.from);
      let close = minutes(interval.to);
      if (close <= open) close += 24 * 60;
      const openAt = localInstant(day, open, hours.timeZone);
      const closeAt = localInstant(day, close, hours.timeZone);
      total += Math.max(0, Math.min(end, closeAt) - Math.max(start, openAt));
    }
  }
  return total / 1000;
}

export interface BusinessTiming {
  firstResponseSeconds: number | null;
  replyTimesSeconds: number[];
  customerWaitSeconds: number;
}

/** A conversation's reply clocks (docs/kpis.md) counted in business hours only. */
export function businessTiming(waits: readonly { from: Date; to: Date }[], hours: BusinessHours): BusinessTiming {
  const replyTimesSeconds = waits.map((w) => businessSeconds(w.from, w.to, hours));
  return {
    firstResponseSeconds: replyTimesSeconds[0] ?? null,
    replyTimesSeconds,
    customerWaitSeconds: replyTimesSeconds.reduce((a, b) => a + b, 0),
  };
}

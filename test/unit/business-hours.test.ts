import { describe, expect, it } from 'vitest';
import { businessHoursSchema, businessSeconds } from '../../src/kpis/business-hours';

const office = businessHoursSchema.parse({
  timeZone: 'Europe/Lisbon',
  weekly: ['mon', 'tue', 'wed', 'thu', 'fri'].reduce((w, d) => ({ ...w, [d]: [{ from: '09:00', to: '18:00' }] }), {}),
  closedDates: ['2026-12-25'],
});
const seconds = (from: string, to: string, hours = office) => businessSeconds(new Date(from), new Date(to), hours);

describe('business hours', () => {
  it('count only open time: a wait from Friday 17:00 to Monday 10:00 (Lisbon, UTC+1) is two hours', () => {
    expect(seconds('2026-09-18T16:00:00Z', '2026-09-21T09:00:00Z')).toBe(7_200);
    expect(seconds('2026-09-19T10:00:00Z', '2026-09-20T10:00:00Z')).toBe(0); // the weekend
    expect(seconds('2026-09-21T09:00:00Z', '2026-09-21T08:00:00Z')).toBe(0); // an empty span
  });

  it('skip closed dates', () => {
    // Thursday 24 December 17:00 to Saturday 26 December: one hour on the 24th, none on Christmas day (UTC+0 in winter).
    expect(seconds('2026-12-24T17:00:00Z', '2026-12-26T12:00:00Z')).toBe(3_600);
  });

  it('run past midnight when an interval ends before it starts', () => {
    const nights = businessHoursSchema.parse({ timeZone: 'UTC', weekly: { sat: [{ from: '22:00', to: '02:00' }] } });
    // Saturday 23:00 to Sunday 01:30: all of it is inside Saturday night's shift.
    expect(seconds('2026-09-19T23:00:00Z', '2026-09-20T01:30:00Z', nights)).toBe(9_000);
    // Sunday 01:00 to 03:00: the shift that began on Saturday covers one hour of it.
    expect(seconds('2026-09-20T01:00:00Z', '2026-09-20T03:00:00Z', nights)).toBe(3_600);
  });

  it('follow daylight saving: the day clocks go forward has 23 hours', () => {
    const always = businessHoursSchema.parse({ timeZone: 'Europe/Lisbon', weekly: { sun: [{ from: '00:00', to: '24:00' }] } });
    // Sunday 29 March 2026: Lisbon moves from UTC+0 to UTC+1 at 01:00 UTC.
    expect(seconds('2026-03-28T00:00:00Z', '2026-03-30T12:00:00Z', always)).toBe(23 * 3_600);
  });

  it('refuse malformed schedules naming the field', () => {
    const bad = businessHoursSchema.safeParse({ timeZone: 'Mars/Base', weekly: { mon: [{ from: '9:00', to: '25:00' }] } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['timeZone', 'weekly.mon.0.from', 'weekly.mon.0.to']));
  });
});

import { describe, expect, it } from 'vitest';
import { isTimeZone, startOfLocalDay } from '../../src/lib/time-zone';

describe('time zones', () => {
  it.each([
    ['2026-07-01', 'Europe/Lisbon', '2026-06-30T23:00:00.000Z'],
    ['2026-01-15', 'Europe/Lisbon', '2026-01-15T00:00:00.000Z'],
    ['2026-03-29', 'Europe/Bucharest', '2026-03-28T22:00:00.000Z'], // the DST change is at 03:00 that day
    ['2026-03-30', 'Europe/Bucharest', '2026-03-29T21:00:00.000Z'],
    ['2026-10-01', 'America/Sao_Paulo', '2026-10-01T03:00:00.000Z'],
    ['2026-10-01', 'UTC', '2026-10-01T00:00:00.000Z'],
    ['2026-10-01', 'Asia/Kolkata', '2026-09-30T18:30:00.000Z'],
  ])('local midnight of %s in %s is %s', (date, tz, instant) => {
    expect(startOfLocalDay(date, tz).toISOString()).toBe(instant);
  });

  it('knows IANA names', () => {
    expect(isTimeZone('Europe/Madrid')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

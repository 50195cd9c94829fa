import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from '../../src/lib/iso-time';

describe('isoTime', () => {
  it('writes what toISOString writes, for any valid date', () => {
    const fourDigitYears = fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });
    for (const dates of [fourDigitYears, fc.date({ noInvalidDate: true })]) {
      fc.assert(fc.property(dates, (date) => isoTime(date) === date.toISOString()), { numRuns: 20_000 });
    }
    for (const edge of ['0000-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '2000-02-29T12:00:00.000Z', '2100-03-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      expect(isoTime(new Date(edge))).toBe(edge);
    }
    expect(isoTime(new Date('+010000-01-01T00:00:00.000Z'))).toBe('+010000-01-01T00:00:00.000Z');
  });

  it('throws on an invalid date, as toISOString does', () => {
    expect(() => isoTime(new Date(NaN))).toThrow(RangeError);
  });
});

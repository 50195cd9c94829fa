export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Offset of `tz` from UTC at instant `t`, in ms (positive east of Greenwich). */
function offsetAt(t: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(t / 1000) * 1000;
}

/**
 * The instant the wall clock in `tz` shows `minutes` after midnight of day `dayUtc` (a UTC midnight
 * standing for the local date). A wall time skipped by a DST change maps to the instant after the gap.
 */
export function localInstant(dayUtc: number, minutes: number, tz: string): number {
  const wallClock = dayUtc + minutes * 60_000;
  const instant = wallClock - offsetAt(wallClock, tz);
  // Second pass: the offset at the first guess can differ from the offset at the answer across a DST change.
  return wallClock - offsetAt(instant, tz);
}

/** The local date (as the UTC midnight standing for it) of instant `t` in `tz`. */
export function localDay(t: number, tz: string): number {
  const local = t + offsetAt(t, tz);
  return local - (((local % 86_400_000) + 86_400_000) % 86_400_000);
}

/** The instant local midnight of `date` (YYYY-MM-DD) happens in `tz`. */
export function startOfLocalDay(date: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(localInstant(Date.UTC(y, m - 1, d), 0, tz));
}

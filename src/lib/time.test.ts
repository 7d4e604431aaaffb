import { describe, expect, it } from 'vitest';
import { wibDay, wibTime, withinHours, wibDayStart } from './time.ts';

describe('WIB day boundary', () => {
  it('turns the day at 00:00 WIB, which is 17:00 UTC', () => {
    expect(wibDay(new Date('2026-03-01T16:59:59.999Z'))).toBe('2026-03-01');
    expect(wibDay(new Date('2026-03-01T17:00:00.000Z'))).toBe('2026-03-02');
  });
  it('starts a WIB day at 17:00 UTC the day before, the inverse of wibDay', () => {
    expect(wibDayStart('2026-01-01').toISOString()).toBe('2025-12-31T17:00:00.000Z');
    expect(wibDay(wibDayStart('2026-07-15'))).toBe('2026-07-15');
    expect(wibDay(new Date(wibDayStart('2026-07-15').getTime() - 1))).toBe('2026-07-14');
  });

  it('handles month and year ends', () => {
    expect(wibDay(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
    expect(wibDay(new Date('2028-02-28T17:30:00Z'))).toBe('2028-02-29');
  });
  it('gives the WIB time of day', () => {
    expect(wibTime(new Date('2026-03-01T01:02:03Z'))).toBe('08:02:03');
  });
});

describe('allowed hours', () => {
  it('is start-inclusive and end-exclusive', () => {
    expect(withinHours('08:00:00', '08:00', '16:00')).toBe(true);
    expect(withinHours('15:59:59', '08:00', '16:00')).toBe(true);
    expect(withinHours('16:00:00', '08:00', '16:00')).toBe(false);
    expect(withinHours('07:59:59', '08:00:00', '16:00:00')).toBe(false);
  });
  it('spans midnight when the end is before the start', () => {
    expect(withinHours('23:00:00', '22:00', '06:00')).toBe(true);
    expect(withinHours('05:00:00', '22:00', '06:00')).toBe(true);
    expect(withinHours('12:00:00', '22:00', '06:00')).toBe(false);
  });
});

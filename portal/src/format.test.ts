import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDayShort, formatElementValue } from './format.ts';

describe('the portal date formats', () => {
  it('shows a calendar day in the long Indonesian form, never ISO', () => {
    expect(formatDate('1992-04-10', 'id')).toBe('10 April 1992');
    expect(formatDate('1992-04-10', 'en')).toBe('10 April 1992');
    expect(formatDate('2026-08-17', 'id')).toBe('17 Agustus 2026');
  });

  it('shows an instant in WIB with the zone named, whatever the UTC day', () => {
    // 17:30 UTC on 9 April is 00:30 WIB on 10 April.
    expect(formatDateTime('2026-04-09T17:30:00.000Z', 'id')).toBe('10 April 2026 00.30 WIB');
    expect(formatDateTime('2026-04-10T07:05:00Z', 'id')).toBe('10 April 2026 14.05 WIB');
    expect(formatDateTime('2026-04-10T07:05:00Z', 'en')).toBe('10 April 2026 14:05 WIB');
    expect(formatDate('2026-04-09T17:30:00.000Z', 'id')).toBe('10 April 2026');
  });

  it('labels chart days with the month named, not MM-DD', () => {
    expect(formatDayShort('2026-11-03', 'id')).toBe('3 Nov');
    expect(formatDayShort('2026-05-03', 'id')).toBe('3 Mei');
    expect(formatDayShort('2026-05-03', 'en')).toBe('3 May');
  });

  it('formats date elements only, and leaves what it cannot read alone', () => {
    expect(formatElementValue('date', '1992-04-10', 'id')).toBe('10 April 1992');
    expect(formatElementValue('text', '1992-04-10', 'id')).toBe('1992-04-10');
    expect(formatDate('not a date', 'id')).toBe('not a date');
  });
});

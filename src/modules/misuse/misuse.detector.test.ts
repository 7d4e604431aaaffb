import { describe, expect, it } from 'vitest';
import { buildNik } from '../nik/nik.ts';
import {
  burst,
  familySweep,
  nikBirthDay,
  outsideHours,
  sequentialBirthdate,
  sequentialSerial,
} from './misuse.detector.ts';
import type { WindowEvent } from './misuse.window.ts';

const T0 = Date.UTC(2026, 5, 15, 3, 0, 0);
const events = (niks: string[], stepMs = 20_000): WindowEvent[] =>
  niks.map((nik, i) => ({ nik, at: T0 + i * stepMs, accountId: 'usr_a' }));
const nik = (birthDate: string, serial: number, sex: 'LAKI-LAKI' | 'PEREMPUAN' = 'LAKI-LAKI', d = '330101') =>
  buildNik({ districtCode: d, birthDate, sex, serial });
const serialOpts = { run: 3, windowMs: 600_000 };
const birthOpts = { run: 4, windowMs: 600_000 };

describe('sequentialSerial', () => {
  it('finds +1 and −1 runs of one 12-digit prefix through the newest NIK, in any order', () => {
    for (const serials of [
      [101, 102, 103],
      [210, 209, 208],
      [5, 7, 6],
    ]) {
      const w = events(serials.map((s) => nik('1990-04-12', s)));
      const d = sequentialSerial(w, w.at(-1)!, 'account', serialOpts);
      expect(d).toMatchObject({ reason: 'sequential_serial', severity: 'medium' });
      expect(d!.evidence.events.map((e) => e.nik).sort()).toEqual(w.map((e) => e.nik).sort());
      expect(d!.evidence).toMatchObject({ scope: 'account', count: 3, threshold: 3, windowSeconds: 600 });
    }
  });

  it('grades a run of twice the threshold high', () => {
    const w = events([1, 2, 4, 5, 6, 3].map((s) => nik('1990-04-12', s)));
    expect(sequentialSerial(w, w.at(-1)!, 'account', serialOpts)?.severity).toBe('high');
  });

  it('ignores runs of other prefixes, gaps, and runs that do not reach the newest NIK', () => {
    const other = events([nik('1990-04-12', 1), nik('1990-04-12', 2), nik('1990-04-13', 3)]);
    expect(sequentialSerial(other, other.at(-1)!, 'account', serialOpts)).toBeNull();
    const gaps = events([1, 3, 5, 7].map((s) => nik('1990-04-12', s)));
    expect(sequentialSerial(gaps, gaps.at(-1)!, 'account', serialOpts)).toBeNull();
    const women = events([nik('1990-04-12', 1), nik('1990-04-12', 2), nik('1990-04-12', 3, 'PEREMPUAN')]);
    expect(sequentialSerial(women, women.at(-1)!, 'account', serialOpts)).toBeNull();
    // The same NIK asked again is one NIK, not a run.
    const again = events([nik('1990-04-12', 1), nik('1990-04-12', 2), nik('1990-04-12', 2)]);
    expect(sequentialSerial(again, again.at(-1)!, 'account', serialOpts)).toBeNull();
  });
});

describe('sequentialBirthdate', () => {
  it("decodes women's DD + 40 through the NIK module", () => {
    expect(nikBirthDay(nik('1990-04-12', 9, 'PEREMPUAN'))).toBe(nikBirthDay(nik('1990-04-12', 1)));
    expect(nikBirthDay('3301015204900001')).toBe(Date.UTC(1990, 3, 12) / 86_400_000);
    expect(nikBirthDay('3301019904900001')).toBeNull();
    // The district is not looked up (the access path checked it): 99 99 99 is no district, the date still reads.
    expect(nikBirthDay('9999995204900001')).toBe(Date.UTC(1990, 3, 12) / 86_400_000);
  });

  it('finds consecutive birth dates of either sex in one kecamatan, across a month end', () => {
    const w = events([
      nik('1990-04-29', 17, 'PEREMPUAN'),
      nik('1990-04-30', 4),
      nik('1990-05-01', 250, 'PEREMPUAN'),
      nik('1990-05-02', 31),
    ]);
    const d = sequentialBirthdate(w, w.at(-1)!, 'account', birthOpts);
    expect(d).toMatchObject({ reason: 'sequential_birthdate', severity: 'medium' });
    expect(d!.evidence.count).toBe(4);
    expect(d!.evidence.events).toHaveLength(4);
  });

  it('ignores other kecamatan, gaps and three-day runs', () => {
    const mixed = events([
      nik('1990-04-12', 1),
      nik('1990-04-13', 1, 'LAKI-LAKI', '330102'),
      nik('1990-04-14', 1),
      nik('1990-04-15', 1),
    ]);
    expect(sequentialBirthdate(mixed, mixed.at(-1)!, 'account', birthOpts)).toBeNull();
    const gap = events(['1990-04-12', '1990-04-14', '1990-04-15', '1990-04-17'].map((d) => nik(d, 2)));
    expect(sequentialBirthdate(gap, gap.at(-1)!, 'account', birthOpts)).toBeNull();
  });
});

describe('familySweep, burst, outsideHours', () => {
  it('counts distinct members of one family card', () => {
    const three = events([nik('1980-01-01', 1), nik('1982-02-02', 1), nik('1980-01-01', 1)]);
    expect(familySweep(three, 'account', { members: 3, windowMs: 600_000 })).toBeNull();
    const four = events([nik('1980-01-01', 1), nik('1982-02-02', 1), nik('2010-03-03', 1)]);
    expect(familySweep(four, 'institution', { members: 3, windowMs: 600_000 })).toMatchObject({
      reason: 'family_sweep',
      severity: 'medium',
      evidence: { scope: 'institution', count: 3 },
    });
  });

  it('counts requests within the burst window ending at the newest', () => {
    const niks = Array.from({ length: 12 }, (_, i) => nik('1990-01-01', i * 7 + 1));
    const fast = events(niks, 1000);
    expect(burst(fast, fast.at(-1)!, { max: 10, windowMs: 60_000 })).toMatchObject({
      reason: 'burst',
      evidence: { count: 12 },
    });
    const slow = events(niks, 6000);
    expect(burst(slow, slow.at(-1)!, { max: 10, windowMs: 60_000 })).toBeNull();
  });

  it('grades repeated attempts outside hours low, then medium', () => {
    const opts = { attempts: 3, windowMs: 3_600_000 };
    expect(outsideHours(events(['', '']), opts)).toBeNull();
    expect(outsideHours(events(['', '', '']), opts)?.severity).toBe('low');
    expect(outsideHours(events(Array(6).fill('')), opts)?.severity).toBe('medium');
  });
});

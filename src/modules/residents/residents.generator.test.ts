import { describe, expect, it } from 'vitest';
import { checkNik } from '../nik/nik.ts';
import { generateResidents } from './residents.generator.ts';
import { VALUE_LISTS, type ResidentRow } from './residents.types.ts';

const people = [...generateResidents({ seed: 7, count: 20_000 })];
const byNik = new Map(people.map((p) => [p.nik, p]));
const year = (r: ResidentRow) => Number(r.birthDate.slice(0, 4));

describe('generateResidents', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect([...generateResidents({ seed: 7, count: 500 })]).toEqual(people.slice(0, 500));
    expect([...generateResidents({ seed: 8, count: 500 })]).not.toEqual(people.slice(0, 500));
    expect(people).toHaveLength(20_000);
  });

  it('gives every resident a unique valid NIK matching birth date, sex and village', () => {
    expect(byNik.size).toBe(people.length);
    for (const p of people) {
      const c = checkNik(p.nik);
      expect(c.valid).toBe(true);
      if (!c.valid) continue;
      const [y, m, d] = p.birthDate.split('-').map(Number) as [number, number, number];
      expect([c.parts.day, c.parts.month, c.parts.yy, c.parts.sex]).toEqual([d, m, y % 100, p.sex]);
      expect(p.villageCode.startsWith(c.parts.districtCode)).toBe(true);
      expect(p.familyCardNumber).toMatch(/^\d{16}$/);
    }
  });

  it('builds consistent households', () => {
    const families = new Map<string, ResidentRow[]>();
    for (const p of people)
      families.set(p.familyCardNumber, [...(families.get(p.familyCardNumber) ?? []), p]);
    expect(families.size).toBeGreaterThan(4000);
    for (const members of families.values()) {
      expect(members.filter((m) => m.familyRelationship === 'KEPALA KELUARGA').length).toBeLessThanOrEqual(1);
      expect(new Set(members.map((m) => `${m.villageCode}|${m.streetAddress}|${m.rt}|${m.rw}`)).size).toBe(1);
      const head = members.find((m) => m.familyRelationship === 'KEPALA KELUARGA');
      const spouse = members.find((m) => m.familyRelationship === 'ISTRI');
      if (head && spouse) expect(head.sex).not.toBe(spouse.sex);
    }
    const children = people.filter((p) => p.familyRelationship === 'ANAK');
    expect(children.length).toBeGreaterThan(5000);
    for (const child of children) {
      expect(child.maritalStatus).toBe('BELUM KAWIN');
      for (const [nik, sex, name] of [
        [child.motherNik, 'PEREMPUAN', child.motherName],
        [child.fatherNik, 'LAKI-LAKI', child.fatherName],
      ] as const) {
        if (nik === null) continue;
        const parent = byNik.get(nik);
        if (!parent) continue; // the household was cut at `count`
        expect(parent.sex).toBe(sex);
        expect(parent.fullName).toBe(name);
        expect(parent.familyCardNumber).toBe(child.familyCardNumber);
        expect(year(child) - year(parent)).toBeGreaterThanOrEqual(18);
        expect(year(child) - year(parent)).toBeLessThanOrEqual(45);
      }
      expect(child.motherNik ?? child.fatherNik).not.toBeNull();
    }
  });

  it('has realistic shares of record statuses and values from the registry lists', () => {
    const share = (s: string) => people.filter((p) => p.recordStatus === s).length / people.length;
    expect(share('deceased')).toBeGreaterThan(0.01);
    expect(share('deceased')).toBeLessThan(0.02);
    expect(share('duplicate')).toBeGreaterThan(0.001);
    expect(share('duplicate')).toBeLessThan(0.006);
    expect(share('inactive')).toBeGreaterThan(0.003);
    expect(share('inactive')).toBeLessThan(0.008);
    for (const p of people) {
      expect(VALUE_LISTS.bloodType).toContain(p.bloodType);
      expect(VALUE_LISTS.religion).toContain(p.religion);
      expect(VALUE_LISTS.maritalStatus).toContain(p.maritalStatus);
      expect(VALUE_LISTS.familyRelationship).toContain(p.familyRelationship);
      expect(VALUE_LISTS.education).toContain(p.education);
      expect(VALUE_LISTS.ektpStatus).toContain(p.ektpStatus);
      expect(p.fullName).toBe(p.fullName.toUpperCase());
      expect(year(p)).toBeGreaterThanOrEqual(1930);
      expect(year(p)).toBeLessThanOrEqual(2025);
    }
  });
});

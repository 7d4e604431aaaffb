import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkNik } from '../nik/nik.ts';
import { currentCodeOf, formerCode, replacedCode } from '../regions/lineage.ts';
import { loadRegionDataset, placeName } from '../regions/regions.dataset.ts';
import { generateResidents } from './residents.generator.ts';
import { VALUE_LISTS, type ResidentRow } from './residents.types.ts';

const people = [...generateResidents({ seed: 7, count: 20_000 })];
const byNik = new Map(people.map((p) => [p.nik, p]));
const families = new Map<string, ResidentRow[]>();
for (const p of people) {
  const members = families.get(p.familyCardNumber) ?? [];
  members.push(p);
  families.set(p.familyCardNumber, members);
}

/** Whole years from one 'YYYY-MM-DD' date to another. */
function yearsBetween(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) < from.slice(5) ? years - 1 : years;
}
/** The generator counts ages on 2026-01-01. */
const ageOf = (p: ResidentRow) => yearsBetween(p.birthDate, '2026-01-01');

/**
 * The rows breaking a rule, each as "NIK: problem" (one expect per row would be slow on 20,000 rows and
 * would stop at the first one).
 */
function violations<T>(items: Iterable<T>, rule: (item: T) => string | null, id: (item: T) => string) {
  const out: string[] = [];
  for (const item of items) {
    const problem = rule(item);
    if (problem) out.push(`${id(item)}: ${problem}`);
  }
  return out.slice(0, 10);
}
const check = (rule: (p: ResidentRow) => string | null) => violations(people, rule, (p) => p.nik);

describe('generateResidents', () => {
  it('gives exactly `count` rows, the same for a seed and different for another', () => {
    expect(people).toHaveLength(20_000);
    expect([...generateResidents({ seed: 7, count: 500 })]).toEqual(people.slice(0, 500));
    expect([...generateResidents({ seed: 8, count: 500 })]).not.toEqual(people.slice(0, 500));
    expect([...generateResidents({ seed: 7, count: 0 })]).toEqual([]);
    expect([...generateResidents({ seed: 7, count: 1 })]).toHaveLength(1);
    expect(() => [...generateResidents({ seed: 7, count: -1 })]).toThrow();
  });

  it('keeps the population of a seed (a new digest means a changed dataset: say so in the change)', () => {
    const hash = createHash('sha256');
    for (const p of people) hash.update(JSON.stringify(p));
    expect(hash.digest('hex').slice(0, 16)).toBe('a881c535e2ec72e4');
  });

  it('gives every resident a unique valid NIK matching birth date, sex and village district', () => {
    expect(byNik.size).toBe(people.length);
    expect(
      check((p) => {
        const c = checkNik(p.nik);
        if (!c.valid) return `invalid NIK (${c.reason})`;
        const [y, m, d] = p.birthDate.split('-').map(Number) as [number, number, number];
        if (c.parts.day !== d || c.parts.month !== m || c.parts.yy !== y % 100) return 'birth date';
        if (c.parts.sex !== p.sex) return 'sex';
        // A pre-split NIK carries the district's former code (region-code lineage).
        return p.villageCode.slice(0, 6) === currentCodeOf(c.parts.districtCode) ? null : 'district';
      }),
    ).toEqual([]);
  });

  it('gives some people born before the 2022 Papua splits a NIK under the former district code', () => {
    // People of the renumbered districts whose NIK has the current code.
    const current = people.filter((p) => replacedCode(p.nik.slice(0, 6)));
    const former = people.filter((p) => formerCode(p.nik.slice(0, 6)));
    expect(former.length).toBeGreaterThan(0);
    // Only there, only for people born before the split, and only a share of them.
    expect(former.filter((p) => Number(p.birthDate.slice(0, 4)) >= 2022)).toEqual([]);
    expect(former.filter((p) => !replacedCode(p.villageCode.slice(0, 6)))).toEqual([]);
    expect(current.length).toBeGreaterThan(former.length);
    for (const p of former) expect(checkNik(p.nik).valid).toBe(true);
  });

  it('builds households that share a card, a head and an address', () => {
    expect(families.size).toBeGreaterThan(4000);
    const address = (m: ResidentRow) => [m.villageCode, m.streetAddress, m.rt, m.rw, m.postalCode].join('|');
    const problems = violations(
      families,
      ([card, members]) => {
        if (!/^\d{16}$/.test(card)) return 'card is not 16 digits';
        if (card.slice(0, 6) !== members[0]!.villageCode.slice(0, 6)) return 'card district';
        // Digits 7–12: the issue date, DDMMYY.
        const [dd, mm, yy] = [6, 8, 10].map((i) => Number(card.slice(i, i + 2))) as [number, number, number];
        const issued = new Date(Date.UTC(2000 + yy, mm - 1, dd));
        if (issued.getUTCDate() !== dd || issued.getUTCMonth() !== mm - 1) return 'card issue date';
        const issuedOn = issued.toISOString().slice(0, 10);
        if (issuedOn < '2010-01-01' || issuedOn > '2025-12-31') return 'card issue year';
        if (members.some((m) => m.birthDate > issuedOn)) return 'card issued before a birth';
        if (yearsBetween(members[0]!.birthDate, issuedOn) < 18) return 'card issued to a minor';
        const heads = members.filter((m) => m.familyRelationship === 'KEPALA KELUARGA');
        if (heads.length !== 1 || members[0] !== heads[0]) return `${heads.length} heads`;
        if (new Set(members.map(address)).size !== 1) return 'addresses differ';
        const spouses = members.filter((m) => ['ISTRI', 'SUAMI'].includes(m.familyRelationship));
        if (spouses.length > 1) return 'two spouses';
        const [head, spouse] = [heads[0]!, spouses[0]];
        if (!spouse) return null;
        if (spouse.sex !== (spouse.familyRelationship === 'ISTRI' ? 'PEREMPUAN' : 'LAKI-LAKI'))
          return 'spouse sex';
        if (head.sex === spouse.sex) return 'same-sex couple';
        if (head.maritalStatus !== 'KAWIN' || spouse.maritalStatus !== 'KAWIN') return 'couple not KAWIN';
        return Math.abs(yearsBetween(head.birthDate, spouse.birthDate)) > 10 ? 'age gap' : null;
      },
      ([card]) => card,
    );
    expect(problems).toEqual([]);
    const relationships = new Set(people.map((p) => p.familyRelationship));
    for (const r of ['ISTRI', 'SUAMI', 'ANAK', 'ORANG TUA', 'MERTUA']) expect(relationships).toContain(r);
    expect([...families.values()].filter((m) => m.length === 1).length).toBeGreaterThan(300);
  });

  it('links children (and heads living with a parent) to parents in the household, aged 18–45 at the birth', () => {
    const children = people.filter((p) => p.familyRelationship === 'ANAK');
    expect(children.length).toBeGreaterThan(5000);
    let links = 0;
    const parentProblem = (p: ResidentRow, nik: string | null, name: string, sex: string) => {
      if (!/^[A-Z][A-Z .'-]*$/.test(name)) return 'parent name';
      if (nik === null) return null;
      // Parents come before their children in a household, so a cut at `count` never orphans a link.
      const parent = byNik.get(nik);
      if (!parent) return 'parent not generated';
      links += 1;
      if (parent.sex !== sex) return 'parent sex';
      if (parent.fullName !== name) return 'parent name differs';
      if (parent.familyCardNumber !== p.familyCardNumber) return 'parent in another household';
      const age = yearsBetween(parent.birthDate, p.birthDate);
      return age < 18 || age > 45 ? `parent aged ${age} at the birth` : null;
    };
    expect(
      check(
        (p) =>
          parentProblem(p, p.motherNik, p.motherName, 'PEREMPUAN') ??
          parentProblem(p, p.fatherNik, p.fatherName, 'LAKI-LAKI'),
      ),
    ).toEqual([]);
    expect(links).toBeGreaterThan(children.length);
    expect(
      violations(
        children,
        (c) =>
          c.maritalStatus !== 'BELUM KAWIN'
            ? 'married child'
            : c.motherNik === null && c.fatherNik === null
              ? 'no parent linked'
              : null,
        (c) => c.nik,
      ),
    ).toEqual([]);
    const elders = people.filter((p) => ['ORANG TUA', 'MERTUA'].includes(p.familyRelationship));
    expect(
      violations(
        elders,
        (e) =>
          families.get(e.familyCardNumber)!.some((m) => m.motherNik === e.nik || m.fatherNik === e.nik)
            ? null
            : 'nobody links to this parent',
        (e) => e.nik,
      ),
    ).toEqual([]);
  });

  it('keeps ages consistent with marital status, education, occupation and e-KTP status', () => {
    expect(
      check((p) => {
        const age = ageOf(p);
        if (p.birthDate < '1935-01-01' || p.birthDate > '2025-12-31') return 'birth date out of range';
        if (age < 5 && p.education !== 'TIDAK/BELUM SEKOLAH') return 'toddler education';
        if (age < 5 && p.occupation !== 'BELUM/TIDAK BEKERJA') return 'toddler occupation';
        if (age >= 7 && age < 18 && p.occupation !== 'PELAJAR/MAHASISWA') return 'pupil occupation';
        if (age < 17 && p.ektpStatus !== 'BELUM REKAM') return 'e-KTP under 17';
        if (age < 18 && p.maritalStatus !== 'BELUM KAWIN') return 'married minor';
        if (age < 19 && ['DIPLOMA IV/STRATA I', 'STRATA II', 'STRATA III'].includes(p.education))
          return 'degree too young';
        return null;
      }),
    ).toEqual([]);
    const adults = people.filter((p) => ageOf(p) >= 17);
    const ktp = adults.filter((p) => p.ektpStatus === 'KTP-EL').length / adults.length;
    expect(ktp).toBeGreaterThan(0.8);
    expect(adults.some((p) => p.ektpStatus === 'BELUM REKAM')).toBe(true);
  });

  it('has realistic shares of record statuses and values from the registry lists', () => {
    const share = (s: string) => people.filter((p) => p.recordStatus === s).length / people.length;
    expect(share('deceased')).toBeGreaterThan(0.01);
    expect(share('deceased')).toBeLessThan(0.02);
    expect(share('duplicate')).toBeGreaterThan(0.0015);
    expect(share('duplicate')).toBeLessThan(0.0045);
    expect(share('inactive')).toBeGreaterThan(0.003);
    expect(share('inactive')).toBeLessThan(0.007);
    expect(share('active')).toBeGreaterThan(0.96);
    const ds = loadRegionDataset();
    const places = new Set(ds.regencies.map((r) => placeName(r.name)));
    const lists: [keyof typeof VALUE_LISTS, (p: ResidentRow) => string][] = [
      ['bloodType', (p) => p.bloodType],
      ['religion', (p) => p.religion],
      ['maritalStatus', (p) => p.maritalStatus],
      ['familyRelationship', (p) => p.familyRelationship],
      ['education', (p) => p.education],
      ['ektpStatus', (p) => p.ektpStatus],
    ];
    expect(
      check((p) => {
        for (const [list, value] of lists)
          if (!(VALUE_LISTS[list] as readonly string[]).includes(value(p))) return `${list} not listed`;
        if (!/^[A-Z][A-Z /()-]+$/.test(p.occupation)) return 'occupation';
        if (!/^[A-Z][A-Z .'-]*$/.test(p.fullName)) return 'name';
        if (!places.has(p.birthPlace)) return 'birth place';
        if (ds.byCode.get(p.villageCode)?.level !== 'village') return 'village';
        if (!/^(JL\. .+ NO\. \d+|DUSUN [A-Z]+)$/.test(p.streetAddress)) return 'street address';
        if (!/^0(0[1-9]|1[0-5])$/.test(p.rt) || !/^0(0[1-9]|1[0-5])$/.test(p.rw)) return 'RT/RW';
        return /^\d{5}$/.test(p.postalCode) ? null : 'postal code';
      }),
    ).toEqual([]);
    const islam = people.filter((p) => p.religion === 'ISLAM').length / people.length;
    expect(islam).toBeGreaterThan(0.8);
    expect(islam).toBeLessThan(0.95);
  });

  // Speed is measured by `gerbang generate` (rows/s) and belongs in benchmarks, never in a test's assertion.
  it('generates exactly the count asked for at demo scale, with unique NIKs', () => {
    const niks = new Set<string>();
    for (const r of generateResidents({ seed: 1, count: 100_000 })) niks.add(r.nik);
    expect(niks.size).toBe(100_000);
  });
});

import { describe, expect, it } from 'vitest';
import { seedCardReaderWorld } from '../../test/card-readers.ts';
import { useTestWorld } from '../../test/fixtures.ts';
import { wibDay } from '../../lib/time.ts';
import { reportExtensionSections } from './reports.extensions.ts';
import { semesterBounds } from './reports.figures.ts';
// What reports.service.ts loads: the sources of the other modules' sections.
import './reports.sources.ts';

const t = useTestWorld();

/** The semester holding today (WIB), as the extensions are asked for it. */
function thisSemester() {
  const today = wibDay(new Date());
  const semester = `${today.slice(0, 4)}-S${Number(today.slice(5, 7)) <= 6 ? 1 : 2}`;
  const b = semesterBounds(semester);
  return { semester, from: b.from, to: b.to, today };
}

describe("the report's sections of other modules' obligations", () => {
  it('say "Tidak berlaku" for an institution with no readers, return-data schema or purposes', async () => {
    const sections = await reportExtensionSections(t.db, {
      institutionId: t.world.institution.id,
      ...thisSemester(),
    });
    for (const key of ['return_data', 'card_readers', 'purposes']) {
      expect(sections.find((s) => s.key === key)?.status, key).toBe('not_applicable');
    }
    // Any institution can be disputed: zero disputes is a figure, and the obligation is met.
    const disputes = sections.find((s) => s.key === 'disputes')!;
    expect(disputes.status).toBe('reported');
    expect(disputes.rows[0]).toEqual({ label: 'Sengketa diajukan penduduk', value: '0' });
    expect(disputes.met).toBe(true);
  });

  it('count the work units, readers and SAM cards of a card-reader institution, and judge the obligation', async () => {
    const cr = await seedCardReaderWorld(t.db, t.world.institution.officeId);
    const section = (
      await reportExtensionSections(t.db, { institutionId: cr.institution.id, ...thisSemester() })
    ).find((s) => s.key === 'card_readers')!;
    expect(section.status).toBe('reported');
    const value = (label: string) => section.rows.find((r) => r.label === label)?.value;
    expect(value('Unit kerja')).toBe('1');
    expect(value('Card reader terdaftar')).toBe('1');
    expect(value('Kartu SAM aktif')).toBe('1');
    expect(value('Unit kerja tanpa card reader')).toBe('0');
    expect(section.met).toBe(true);
    // A second unit without a reader: the one-reader-per-unit obligation is no longer met.
    await t.db.query(
      `INSERT INTO work_units (id, institution_id, name, address, region_code, created_at)
       VALUES ('wku_report_test', $1, 'Unit Tanpa Reader', 'Jl. Sintetis 9', $2, now())`,
      [cr.institution.id, cr.unit.regionCode],
    );
    const again = (
      await reportExtensionSections(t.db, { institutionId: cr.institution.id, ...thisSemester() })
    ).find((s) => s.key === 'card_readers')!;
    expect(again.rows.find((r) => r.label === 'Unit kerja tanpa card reader')?.value).toBe('1');
    expect(again.met).toBe(false);
  });
});

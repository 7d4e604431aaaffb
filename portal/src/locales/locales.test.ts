import { describe, expect, it } from 'vitest';
import { DICTIONARIES } from '../i18n.ts';
import { operator } from './operator.ts';

function keys(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

// Every dictionary the portal registers (i18n.ts), so a new one cannot be left out of these checks.
describe('the portal dictionaries', () => {
  it.each(Object.entries(DICTIONARIES))(
    '%s: Bahasa Indonesia and English have the same keys, none empty',
    (_, d) => {
      expect(keys(d.en).sort()).toEqual(keys(d.id).sort());
      for (const lang of [d.id, d.en]) {
        for (const k of keys(lang)) {
          const value = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], lang);
          expect(typeof value === 'string' && value.trim().length > 0, k).toBe(true);
        }
      }
    },
  );

  it('no two dictionaries define the same top-level section', () => {
    const sections = Object.values(DICTIONARIES).flatMap((d) => Object.keys(d.id));
    expect(new Set(sections).size).toBe(sections.length);
  });

  it('has the Dukcapil portal wording for every answer about a NIK and the caller checks', () => {
    expect(operator.id.outcomes).toMatchObject({
      DECEASED: 'Data Ditemukan, Meninggal Dunia',
      DUPLICATE: 'Data Ditemukan, Data Ganda',
      NOT_FOUND: 'Data tidak ditemukan, NIK tidak terdapat di database kependudukan',
      INACTIVE: 'Data Ditemukan, Status Non Aktif, silahkan hubungi Dinas Dukcapil',
      NIK_INVALID_FORMAT: 'Data tidak ditemukan, NIK tidak sesuai format Dukcapil',
      LOGIN_FAILED: 'Gagal Login',
      QUOTA_EXHAUSTED: 'Kuota akses hari ini telah habis',
      INSTITUTION_INACTIVE: 'Instansi tidak aktif',
      ACCOUNT_INACTIVE: 'User ID non aktif, silahkan menghubungi Admin',
    });
  });
});

import { describe, expect, it } from 'vitest';
import {
  compare,
  normaliseCategory,
  normaliseDate,
  normaliseNumber,
  normaliseText,
  similarity,
} from './matching.ts';

describe('normaliseText', () => {
  it('drops titles before and degrees after a name, and reports them', () => {
    expect(normaliseText('Drs. H. Budi Santoso, S.Sos.')).toEqual({
      value: 'BUDI SANTOSO',
      steps: expect.arrayContaining(['case', 'titles', 'degrees']),
    });
    expect(normaliseText('HJ. SITI AMINAH, S.PD., M.M.').value).toBe('SITI AMINAH');
    expect(normaliseText('IR. JOKO WIDODO M.SI.').value).toBe('JOKO WIDODO');
    expect(normaliseText('PROF. DR. IR. ANDI').value).toBe('ANDI');
  });

  it('keeps a name that is only a title-like word', () => {
    expect(normaliseText('H').value).toBe('H');
  });

  it('does not drop undotted trailing words that look like degrees', () => {
    expect(normaliseText('BUDI SE').value).toBe('BUDI SE');
  });

  it('collapses spacing and removes punctuation', () => {
    const n = normaliseText("  muh.  ma'ruf   amin ");
    expect(n.value).toBe('MUH MARUF AMIN');
    expect(n.steps).toEqual(expect.arrayContaining(['case', 'punctuation', 'spacing']));
  });

  it('treats commas that are not before degrees as punctuation', () => {
    const n = normaliseText('JL. MELATI, GANG 3');
    expect(n.value).toBe('JL MELATI GANG 3');
    expect(n.steps).toContain('punctuation');
    expect(n.steps).not.toContain('degrees');
  });

  it('reports no step for an already normal value', () => {
    expect(normaliseText('SITI AMINAH')).toEqual({ value: 'SITI AMINAH', steps: [] });
  });
});

describe('other kinds', () => {
  it('categories ignore case and spacing and know L/P', () => {
    expect(normaliseCategory(' laki-laki ').value).toBe('LAKI-LAKI');
    expect(normaliseCategory('L').value).toBe('LAKI-LAKI');
    expect(normaliseCategory('p').value).toBe('PEREMPUAN');
    expect(normaliseCategory('belum  kawin').value).toBe('BELUM KAWIN');
  });
  it('numbers ignore leading zeros', () => {
    expect(normaliseNumber('005')).toEqual({ value: '5', steps: ['leading_zeros'] });
    expect(normaliseNumber('0').value).toBe('0');
  });
  it('dates accept the wire form dd-mm-yyyy', () => {
    expect(normaliseDate('07-03-1985')).toEqual({ value: '1985-03-07', steps: ['date_format'] });
    expect(normaliseDate('1985-03-07')).toEqual({ value: '1985-03-07', steps: [] });
  });
});

describe('similarity and compare', () => {
  it('is the Levenshtein ratio in 0..100', () => {
    expect(similarity('BUDI', 'BUDI')).toBe(100);
    expect(similarity('BUDI', 'BUDY')).toBe(75);
    expect(similarity('', '')).toBe(100);
    expect(similarity('ABC', 'XYZ')).toBe(0);
  });

  it('matches text at or above the threshold', () => {
    const c = compare('text', 'Budi Santoso', 'BUDI SANTOSA', 90);
    expect(c.score).toBe(92);
    expect(c.matched).toBe(true);
    expect(compare('text', 'Budi Santoso', 'BUDI SANTOSA', 93).matched).toBe(false);
    expect(compare('text', 'Drs. Budi Santoso, S.Sos.', 'BUDI SANTOSO', 100).matched).toBe(true);
  });

  it('matches dates, categories and numbers exactly', () => {
    expect(compare('date', '07-03-1985', '1985-03-07', 0)).toMatchObject({ matched: true, score: 100 });
    expect(compare('date', '08-03-1985', '1985-03-07', 0)).toMatchObject({ matched: false, score: 0 });
    expect(compare('category', 'perempuan', 'PEREMPUAN', 0).matched).toBe(true);
    expect(compare('number', '5', '005', 0).matched).toBe(true);
    expect(compare('digits', '3301010101900001', null, 0).matched).toBe(false);
  });
});

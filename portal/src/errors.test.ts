import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiFailure } from './api.ts';
import { describeError } from './errors.ts';
import { common } from './locales/common.ts';
import { ERROR_CODES } from '../../src/core/error-codes.ts';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    resources: { id: { translation: common.id }, en: { translation: common.en } },
    lng: 'id',
    interpolation: { escapeValue: false },
  });
});
const say = (error: unknown, labels?: Record<string, string>) =>
  describeError(error, i18n.t, (k) => i18n.exists(k), labels);

describe('API errors in the user language', () => {
  it('says a detail that has a code in the dictionary language, without the English prose', async () => {
    await i18n.changeLanguage('id');
    const e = new ApiFailure(400, 'VALIDATION_FAILED', 'The request does not match the schema', [
      { path: '/nik', message: 'Invalid string: must match pattern /^\\d{16}$/', code: 'nik_format' },
      { path: '/terms/endDate', message: 'Required', code: 'required' },
    ]);
    const text = say(e, { '/nik': 'NIK', '/terms/endDate': 'Tanggal akhir' });
    expect(text.headline).toBe('Isian belum benar.');
    expect(text.serverText).toBeNull();
    expect(text.fields).toEqual([
      { field: 'NIK', problem: 'NIK harus 16 angka' },
      { field: 'Tanggal akhir', problem: 'wajib diisi' },
    ]);
    await i18n.changeLanguage('en');
    expect(say(e, { '/nik': 'NIK' }).fields[0]).toEqual({ field: 'NIK', problem: 'a NIK is 16 digits' });
  });

  it('keeps the server text where the portal has no words for the code (additive)', async () => {
    await i18n.changeLanguage('id');
    const e = new ApiFailure(400, 'VALIDATION_FAILED', 'The request does not match the schema', [
      { path: '/x', message: 'odd' },
    ]);
    expect(say(e).serverText).toBe('The request does not match the schema');
    const conflict = new ApiFailure(409, 'CONFLICT', 'An agreement with that number exists');
    expect(say(conflict).serverText).toBe('An agreement with that number exists');
    const specific = new ApiFailure(409, 'LOCKED', 'Account locked until 10:00');
    expect(say(specific)).toEqual({
      headline: 'User ID terkunci sementara karena terlalu banyak percobaan gagal.',
      serverText: null,
      fields: [],
    });
    expect(say(new ApiFailure(409, 'SOMETHING_NEW', 'New thing')).headline).toBe(
      'Permintaan gagal (SOMETHING_NEW).',
    );
  });

  it('says a specific code of the API in the user language from its table, not the server prose', async () => {
    const e = new ApiFailure(409, 'DISPUTE_EXISTS', 'This record already has a dispute in progress');
    await i18n.changeLanguage('id');
    expect(say(e)).toEqual({
      headline: ERROR_CODES.DISPUTE_EXISTS.id,
      serverText: null,
      fields: [],
    });
    await i18n.changeLanguage('en');
    expect(say(e).headline).toBe(ERROR_CODES.DISPUTE_EXISTS.en);
    // Every code of the table has its words in both languages.
    for (const [code, words] of Object.entries(ERROR_CODES)) {
      expect(common.id.errors, code).toHaveProperty(code, words.id);
      expect(common.en.errors, code).toHaveProperty(code, words.en);
    }
  });
});

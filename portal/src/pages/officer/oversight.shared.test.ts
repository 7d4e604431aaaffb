import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../../api.ts';
import { fileToUpload } from '../institution/upload.ts';
import { listed } from './oversight.shared.ts';

describe('a filter read from the page URL', () => {
  const states = ['requested', 'activated'] as const;
  it('keeps a value of the API list and makes any other no filter', () => {
    expect(listed(states, 'activated')).toBe('activated');
    expect(listed(states, 'Activated')).toBeUndefined();
    expect(listed(states, 'bogus')).toBeUndefined();
    expect(listed(states, '')).toBeUndefined();
    expect(listed(states, null)).toBeUndefined();
  });
});

describe('a chosen file as an upload', () => {
  it('sends a PDF, PNG or JPEG with its type, base64-encoded', async () => {
    const file = new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])], 'surat kuasa?.pdf', {
      type: 'application/pdf',
    });
    expect(await fileToUpload(file)).toEqual({
      filename: 'surat kuasa_.pdf',
      contentType: 'application/pdf',
      base64: 'JVBERi0=',
    });
  });

  it('refuses another type before sending it, as the API would (VALIDATION_FAILED)', async () => {
    const file = new File(['a,b\n'], 'data.csv', { type: 'text/csv' });
    const refusal = await fileToUpload(file).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ApiFailure);
    expect((refusal as ApiFailure).code).toBe('VALIDATION_FAILED');
  });
});

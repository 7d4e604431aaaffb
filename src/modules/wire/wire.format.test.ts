import { describe, expect, it } from 'vitest';
import { wireMethodOfUrl } from './wire.format.ts';

describe('wireMethodOfUrl', () => {
  it('names the method of every wire URL shape, in any case, and nothing outside the wire', () => {
    expect(wireMethodOfUrl('/dukcapil/get_json/BANK/CALL_NIK')).toBe('portal');
    expect(wireMethodOfUrl('/dukcapil/get_json/BANK/call_nik/?x=1')).toBe('portal');
    expect(wireMethodOfUrl('/dukcapil/get_json/33/BANK/Call_Nik')).toBe('portal');
    expect(wireMethodOfUrl('/dukcapil/get_json/BANK/CALL_VERIFY_BY_ELEMEN')).toBe('verification');
    // Unreadable or unknown shapes under the wire path are still wire requests (answered 07).
    expect(wireMethodOfUrl('/dukcapil/get_json/%zz/CALL_NIK')).toBe('portal');
    expect(wireMethodOfUrl(`/dukcapil/get_json/${'x'.repeat(5000)}`)).toBe('verification');
    expect(wireMethodOfUrl('/dukcapil/get_json/')).toBe('verification');
    expect(wireMethodOfUrl('/v1/lookups')).toBeNull();
    expect(wireMethodOfUrl('/dukcapil/other/CALL_NIK')).toBeNull();
    expect(wireMethodOfUrl('/x/dukcapil/get_json/BANK/CALL_NIK')).toBeNull();
  });
});

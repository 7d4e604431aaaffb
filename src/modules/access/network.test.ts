import { describe, expect, it } from 'vitest';
import { inNetworks, normaliseCidr, sameAddress } from './network.ts';

describe('allowed networks', () => {
  it('matches IPv4 callers, also when reported IPv4-mapped', () => {
    expect(inNetworks('10.20.0.7', ['10.20.0.0/24'])).toBe(true);
    expect(inNetworks('::ffff:10.20.0.7', ['10.20.0.0/24'])).toBe(true);
    expect(inNetworks('10.20.1.7', ['10.20.0.0/24'])).toBe(false);
    expect(inNetworks('127.0.0.1', ['127.0.0.0/8'])).toBe(true);
  });
  it('matches IPv6 and refuses garbage', () => {
    expect(inNetworks('2001:db8::5', ['2001:db8::/32'])).toBe(true);
    expect(inNetworks('2001:db9::5', ['2001:db8::/32'])).toBe(false);
    expect(inNetworks('not-an-ip', ['0.0.0.0/0'])).toBe(false);
    expect(inNetworks('10.0.0.1', [])).toBe(false);
  });
  it('normalises ranges and single addresses', () => {
    expect(normaliseCidr('10.1.2.0/24')).toBe('10.1.2.0/24');
    expect(normaliseCidr('10.1.2.3')).toBe('10.1.2.3/32');
    expect(normaliseCidr('10.1.2.0/33')).toBeNull();
    expect(normaliseCidr('banana')).toBeNull();
  });
  it('compares addresses', () => {
    expect(sameAddress('::ffff:127.0.0.1', '127.0.0.1')).toBe(true);
    expect(sameAddress('127.0.0.2', '127.0.0.1')).toBe(false);
    expect(sameAddress('', '127.0.0.1')).toBe(false);
  });
});

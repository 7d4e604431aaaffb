import { describe, expect, it } from 'vitest';
import { clip } from './text.ts';

describe('clip', () => {
  it('keeps short strings and cuts long ones at the limit', () => {
    expect(clip('abc', 5)).toBe('abc');
    expect(clip('abcdef', 4)).toBe('abcd');
  });

  it('never leaves half a surrogate pair', () => {
    const s = `${'x'.repeat(63)}🎉`;
    expect(clip(s, 64)).toBe('x'.repeat(63));
    expect(clip(s, 65)).toBe(s);
    expect(clip('🎉🎉', 3)).toBe('🎉');
    expect(clip('🎉🎉', 3)).toHaveLength(2);
  });
});

/**
 * The first `max` UTF-16 code units of `s`, one fewer when the cut would fall inside a surrogate pair:
 * `String.prototype.slice` would leave a lone high surrogate, which is not Unicode (the driver stores it as
 * U+FFFD, so what is stored would differ from what was checked or hashed).
 */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const last = s.charCodeAt(max - 1);
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

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

/**
 * A high surrogate not followed by a low one, or a low surrogate not preceded by a high one: UTF-16 that is
 * not Unicode. The driver's UTF-8 encoding would store U+FFFD in its place, so what is stored would differ
 * from what was checked or hashed. One pattern for the edge rule (refuse) and the audit's canonical encoding
 * (replace); `String.prototype.isWellFormed`/`toWellFormed` do the same but the project's TypeScript target
 * (ES2022) does not declare them.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Whether `s` holds NUL (which PostgreSQL text cannot store) or a lone surrogate. */
export function hasUnstorableText(s: string): boolean {
  return s.includes('\0') || LONE_SURROGATE.test(s);
}

/** `s` with every lone surrogate replaced by U+FFFD (what `toWellFormed` does). */
export function toWellFormedText(s: string): string {
  return s.replace(LONE_SURROGATES, '\uFFFD');
}

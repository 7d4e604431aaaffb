import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OUTCOMES } from '../modules/access/outcomes.ts';
import { ERROR_CODES } from './error-codes.ts';
import { ApiError, ERROR_STATUS } from './errors.ts';

describe('the specific error codes', () => {
  it('carry their status and, without a message of the throw site, their English words', () => {
    const e = ApiError.of('PAYMENT_REFERENCE_TAKEN');
    expect([e.status, e.code, e.message]).toEqual([
      409,
      'PAYMENT_REFERENCE_TAKEN',
      ERROR_CODES.PAYMENT_REFERENCE_TAKEN.en,
    ]);
    const specific = ApiError.of('AGREEMENT_STATE', 'The agreement is draft; this needs signed', { x: 1 });
    expect([specific.status, specific.message, specific.details]).toEqual([
      409,
      'The agreement is draft; this needs signed',
      { x: 1 },
    ]);
    expect(ApiError.of('TARIFF_IN_PAST').status).toBe(400);
    expect(ERROR_STATUS.CONFLICT).toBe(409);
  });

  it('are UPPER_SNAKE, 400 or 409, worded in both languages, and name no generic code or outcome', () => {
    const outcomes = new Set<string>(Object.values(OUTCOMES).map((o) => o.code));
    for (const [code, e] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/);
      expect([400, 409]).toContain(e.status);
      expect(e.id.trim().length, code).toBeGreaterThan(0);
      expect(e.en.trim().length, code).toBeGreaterThan(0);
      expect(e.id, code).not.toBe(e.en);
      expect(e.on.length, code).toBeGreaterThan(0);
      for (const op of e.on) expect(op, code).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \/\S+$/);
      expect(outcomes.has(code), code).toBe(false);
      expect(['VALIDATION_FAILED', 'CONFLICT', 'NOT_FOUND', 'FORBIDDEN']).not.toContain(code);
    }
  });
});

/**
 * Codes no test can reach through the application, each with the reason. DISPUTE_NO_OPERATOR guards a
 * record whose account is not an operator of the institution: every access the resident can dispute was
 * made by an operator account, and an account's role and institution never change.
 */
const NOT_REACHABLE: Partial<Record<keyof typeof ERROR_CODES, string>> = {
  DISPUTE_NO_OPERATOR: 'every disputable access record was made by an operator account of its institution',
};

describe('every specific error code is asserted by a test', () => {
  it('names each code, quoted, in some test file of src (this file aside)', () => {
    const src = join(dirname(fileURLToPath(import.meta.url)), '..');
    const self = fileURLToPath(import.meta.url);
    const text = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => join(src, f))
      .filter((f) => f !== self)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const asserted = (code: string) =>
      [`'${code}'`, `"${code}"`, `\`${code}\``].some((q) => text.includes(q));
    const codes = Object.keys(ERROR_CODES) as (keyof typeof ERROR_CODES)[];
    expect(codes.filter((c) => !NOT_REACHABLE[c] && !asserted(c))).toEqual([]);
    // An exempted code that a test now asserts leaves the list.
    expect(codes.filter((c) => NOT_REACHABLE[c] && asserted(c))).toEqual([]);
  });
});

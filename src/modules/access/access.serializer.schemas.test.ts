import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lookupResponse, verificationResponse } from './access.routes.ts';
import { errorBody } from '../../core/schemas.ts';
import { compileSerializer, serializerJsonSchema } from '../../core/serializer.ts';

const NIK = '3301015204900001';

describe('compileSerializer on the access schemas', () => {
  it('writes only declared properties, at every depth', () => {
    const verification = compileSerializer(verificationResponse)({
      requestId: 'req_1',
      outcome: 'FOUND',
      message: 'Data ditemukan',
      nik: NIK,
      elements: [{ element: 'NAMA_LGKP', status: 'match', score: 100, stored: 'SITI' }],
    });
    expect(JSON.parse(verification)).toEqual({
      requestId: 'req_1',
      outcome: 'FOUND',
      message: 'Data ditemukan',
      elements: [{ element: 'NAMA_LGKP', status: 'match', score: 100 }],
    });
    const lookup = compileSerializer(lookupResponse)({
      requestId: 'req_2',
      outcome: 'FOUND',
      message: 'Data ditemukan',
      elements: { NAMA_LGKP: 'SITI', PASSWORD: 'x', NIK_X: 'y', nik: 'z', NIK },
    });
    expect(lookup).toBe(
      `{"requestId":"req_2","outcome":"FOUND","message":"Data ditemukan","elements":{"NAMA_LGKP":"SITI","NIK":"${NIK}"}}`,
    );
    const error = compileSerializer(errorBody)({
      error: { code: 'X', message: 'm', requestId: 'r', nik: NIK },
      nik: NIK,
    });
    expect(error).toBe('{"error":{"code":"X","message":"m","requestId":"r"}}');
  });

  it('writes a value declared a string as a JSON string, never a bare number', () => {
    const out = compileSerializer(verificationResponse)({
      requestId: 3301015204900001,
      outcome: 'FOUND',
      message: 'm',
    });
    expect(out).toMatch(/^\{"requestId":"\d+",/);
    // An element value (string | null) that is a number is no answer at all: it throws (→ 500).
    const lookup = compileSerializer(lookupResponse);
    expect(() =>
      lookup({ requestId: 'r', outcome: 'FOUND', message: 'm', elements: { NIK: 3374 } }),
    ).toThrow();
    expect(lookup({ requestId: 'r', outcome: 'FOUND', message: 'm', elements: { NIK_IBU: null } })).toBe(
      '{"requestId":"r","outcome":"FOUND","message":"m","elements":{"NIK_IBU":null}}',
    );
  });

  it('throws on a missing required property, as zod refused it', () => {
    expect(() => compileSerializer(lookupResponse)({ outcome: 'FOUND', message: 'm' })).toThrow(/requestId/);
  });

  it('refuses, when the route is registered, a schema it cannot write as zod does', () => {
    const refused: [z.ZodType, RegExp][] = [
      [z.looseObject({ a: z.string() }), /undeclared keys/],
      [z.object({ a: z.string() }).catchall(z.string()), /undeclared keys/],
      [z.record(z.string(), z.string()), /keys are not an enum/],
      [z.object({ a: z.string().optional(), b: z.string() }), /optional property declared before/],
      [z.union([z.string(), z.number()]), /string, number/],
      [z.object({ a: z.string().default('x') }), /default/],
      [z.tuple([z.string()]), /one item schema/],
      [z.object({ at: z.date() }), /Date/],
      [z.string().transform((s) => s.length), /Transforms/],
    ];
    for (const [schema, why] of refused) expect(() => serializerJsonSchema(schema)).toThrow(why);
  });
});

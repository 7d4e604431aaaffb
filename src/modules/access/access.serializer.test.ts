import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seedCardReaderWorld } from '../../test/card-readers.ts';
import { addResident, tokenFor, useTestWorld } from '../../test/fixtures.ts';
import { signedCardRead } from '../../cli/reader.commands.ts';
import { AccessService } from './access.service.ts';

type Found<M extends 'lookup' | 'verify'> = Extract<
  Awaited<ReturnType<AccessService[M]>>,
  { outcome: 'found' }
>;

/** Makes AccessService's `method` go wrong: a found result passes through `change` before it is answered. */
function goWrong<M extends 'lookup' | 'verify'>(method: M, change: (result: Found<M>) => Found<M>): void {
  const real = AccessService.prototype[method] as (...a: unknown[]) => Promise<{ outcome: string }>;
  const spy = vi.spyOn(AccessService.prototype, method) as unknown as {
    mockImplementation(fn: (this: AccessService, ...a: unknown[]) => Promise<unknown>): void;
  };
  spy.mockImplementation(async function (this: AccessService, ...a) {
    const result = await real.apply(this, a);
    return result.outcome === 'found' ? change(result as Found<M>) : result;
  });
}

/**
 * The access routes' answers are written by the compiled serializer (core/serializer.ts). Every answer the
 * compiled serializer writes here is also given to fastify-type-provider-zod's serializer (what wrote it before):
 * the bytes must be the same, and they must be the bytes the caller receives.
 */
interface Written {
  url: string;
  status: string | undefined;
  compiled: string;
  zod: string;
}
const written = vi.hoisted(() => [] as Written[]);
vi.mock('../../core/serializer.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../core/serializer.ts')>();
  const wrapped: typeof real.compiledSerializer = (def) => {
    const compiled = real.compiledSerializer(def);
    const zod = zodSerializerCompiler(def as Parameters<typeof zodSerializerCompiler>[0]);
    return (data: unknown) => {
      let before: string;
      try {
        before = zod(data);
      } catch (e) {
        before = `zod refused: ${(e as Error).message}`;
      }
      const out = compiled(data);
      written.push({ url: def.url, status: def.httpStatus, compiled: out, zod: before });
      return out;
    };
  };
  return { ...real, compiledSerializer: wrapped };
});

const t = useTestWorld();

afterEach(() => {
  vi.restoreAllMocks();
  written.length = 0;
});

const post = (url: string, body: unknown, token?: string) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    payload: body as object,
  });

describe('the access answers, compiled', () => {
  it('writes the same bytes as the zod serializer for real answers, errors included', async () => {
    const token = await tokenFor(t.app, t.world.operator.username);
    // All elements granted, no daily quota: a look-up answer with every element, nulls among them.
    const allToken = await tokenFor(t.app, t.world.other.operator.username);
    const cr = await seedCardReaderWorld(t.db, t.world.province.id);
    const crToken = await tokenFor(t.app, cr.operator.username);
    const r = await addResident(t.db, {
      fullName: 'SITI "NUR" RAHAYU \\ ÑOÑO 😀',
      streetAddress: 'JL. MELATI NO. 12\nRT 3',
    });
    const dead = await addResident(t.db, { recordStatus: 'deceased' });
    const read = (over: object = {}) => ({
      ...signedCardRead(cr.privateKeyPem, { readerSerial: cr.reader.serial, samId: cr.sam.id, nik: r.nik }),
      ...over,
    });
    const replayed = read();

    const corpus: [string, unknown, string | undefined][] = [
      [
        '/v1/verifications',
        {
          nik: r.nik,
          elements: {
            NAMA_LGKP: 'Siti Nur Rahayu',
            TGL_LHR: '12-04-1990',
            TMPT_LHR: 'CILACAPP',
            AGAMA: 'ISLAM',
          },
        },
        token,
      ],
      ['/v1/verifications', { nik: r.nik, elements: { JENIS_KLMIN: 'P' }, threshold: 95 }, token],
      ['/v1/verifications', { nik: dead.nik, elements: { NAMA_LGKP: dead.fullName } }, token],
      ['/v1/verifications', { nik: '3301015204900999', elements: { NAMA_LGKP: 'X' } }, token],
      ['/v1/verifications', { nik: '9999015204900001', elements: { NAMA_LGKP: 'X' } }, token],
      ['/v1/verifications', { nik: '12345', elements: {} }, token],
      ['/v1/verifications', { nik: r.nik, elements: { NAMA_LGKP: 'X' } }, undefined],
      ['/v1/verifications', { nik: r.nik, elements: { NAMA_LGKP: 'X' } }, 'not-a-token'],
      ['/v1/verifications', { nik: r.nik, purpose: 'TIDAK_ADA', elements: { NAMA_LGKP: 'X' } }, token],
      ['/v1/lookups', { nik: r.nik }, token],
      ['/v1/lookups', { nik: r.nik }, allToken],
      ['/v1/lookups', { nik: dead.nik }, token],
      ['/v1/lookups', { nik: '3301015204900999' }, token],
      ['/v1/lookups', { nik: 3301015204900999 }, token],
      ['/v1/lookups', { nik: r.nik }, crToken],
      ['/v1/card-reads', replayed, crToken],
      ['/v1/card-reads', replayed, crToken],
      ['/v1/card-reads', read({ signature: read().signature }), crToken],
      ['/v1/card-reads', read({ nik: '1' }), crToken],
      ['/v1/card-reads', read(), token],
    ];
    const statuses = new Set<number>();
    for (const [url, body, bearer] of corpus) {
      const res = await post(url, body, bearer);
      statuses.add(res.statusCode);
      const what = `${url} ${JSON.stringify(body)} → ${res.statusCode} ${res.body}`;
      expect(written, what).toHaveLength(1);
      const [w] = written.splice(0);
      expect([w!.url, w!.status], what).toEqual([url, String(res.statusCode)]);
      expect(res.body, what).toBe(w!.compiled);
      expect(w!.compiled, what).toBe(w!.zod);
    }
    // The corpus reaches answers and refusals alike.
    expect([...statuses].sort()).toEqual([200, 400, 401, 403, 409]);
  });

  it('writes identifiers as JSON strings', async () => {
    const token = await tokenFor(t.app, t.world.other.operator.username);
    const r = await addResident(t.db, { motherNik: '3301015204900007' });
    const res = await post('/v1/lookups', { nik: r.nik }, token);
    expect(res.statusCode, res.body).toBe(200);
    for (const code of ['NIK', 'NO_KK', 'NIK_IBU'] as const) {
      expect(res.body).toMatch(new RegExp(`"${code}":"\\d{16}"`));
    }
    expect(res.json().elements).toMatchObject({ NIK: r.nik, NIK_IBU: '3301015204900007', NIK_AYAH: null });
  });

  it('never writes a number where an identifier string is declared (a service gone wrong is a 500)', async () => {
    const token = await tokenFor(t.app, t.world.operator.username);
    const r = await addResident(t.db);
    goWrong('lookup', (result) => {
      const elements = result.elements.map((e) =>
        e.code === 'NIK' ? { ...e, value: Number(e.value) as unknown as string } : e,
      );
      return { ...result, elements };
    });
    const res = await post('/v1/lookups', { nik: r.nik }, token);
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTERNAL');
    expect(res.body).not.toMatch(/"NIK":\d/);
    expect(res.body).not.toContain(r.nik);
  });

  it('drops what an answer carries beyond its schema: verdict fields, element codes', async () => {
    const token = await tokenFor(t.app, t.world.operator.username);
    const r = await addResident(t.db, { motherName: 'IBU RAHASIA SEKALI' });
    // A verdict that (wrongly) carries the stored value it was compared with.
    goWrong('verify', (result) => ({
      ...result,
      elements: result.elements.map((v) => ({ ...v, stored: 'IBU RAHASIA SEKALI' })),
    }));
    goWrong('lookup', (result) => {
      // An element the schema does not know, and one the agreement does not grant but a code gone wrong adds.
      const extra = [
        { code: 'NAMA_IBU_RAHASIA', value: 'IBU RAHASIA SEKALI' },
        { code: 'PASSWORD', value: 'IBU RAHASIA SEKALI' },
      ] as unknown as typeof result.elements;
      return { ...result, elements: [...result.elements, ...extra] };
    });

    const v = await post('/v1/verifications', { nik: r.nik, elements: { NAMA_LGKP: r.fullName } }, token);
    expect(v.statusCode, v.body).toBe(200);
    expect(v.json().elements).toEqual([
      expect.objectContaining({ element: 'NAMA_LGKP', status: 'match', score: 100 }),
    ]);
    expect(v.body).not.toContain('RAHASIA');
    expect(v.body).not.toContain('stored');

    // zod refused such an answer (an unknown record key) with a 500; the compiled serializer drops the keys.
    const l = await post('/v1/lookups', { nik: r.nik }, token);
    expect(l.statusCode, l.body).toBe(200);
    expect(Object.keys(l.json().elements)).not.toContain('NAMA_IBU_RAHASIA');
    expect(l.body).not.toContain('RAHASIA');
    expect(l.body).not.toContain('PASSWORD');
    expect(l.json().elements.NIK).toBe(r.nik);
  });
});

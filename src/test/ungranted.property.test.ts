import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { insertAgreement, type AccessMethod } from '../modules/agreements/agreements.repo.ts';
import {
  ELEMENT_CODES,
  VERIFIABLE_CODES,
  elementDef,
  type ElementCode,
} from '../modules/elements/elements.ts';
import { insertInstitution } from '../modules/institutions/institutions.repo.ts';
import type { RecordStatus } from '../modules/residents/residents.types.ts';
import { createTestDb } from './db.ts';
import {
  addOperator,
  addResident,
  agreementFor,
  PASSWORD,
  seedWorld,
  testApp,
  tokenFor,
  type World,
} from './fixtures.ts';

/**
 * For random agreements, residents and requests, no element the agreement does not grant ever appears in
 * any answer of any access endpoint (v1 verification and look-up, wire CALL_VERIFY_BY_ELEMEN and CALL_NIK).
 * Residents carry distinctive random values, so an ungranted value leaking anywhere in a body is caught.
 */
let db: Db;
let app: FastifyInstance;
let world: World;
beforeAll(async () => {
  db = await createTestDb();
  world = await seedWorld(db);
  app = await testApp(db);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

// Random uppercase tokens, long enough that finding one in a body cannot be chance.
const token = fc.stringMatching(/^[A-Z]{8,12}$/);
const words = fc.array(token, { minLength: 2, maxLength: 3 }).map((w) => w.join(' '));

const residentArb = fc.record({
  fullName: words,
  birthPlace: token,
  motherName: words,
  fatherName: words,
  streetAddress: words.map((w) => `JL. ${w}`),
  occupation: token,
  recordStatus: fc.constantFrom<RecordStatus>(
    'active',
    'active',
    'active',
    'deceased',
    'duplicate',
    'inactive',
  ),
  sex: fc.constantFrom('LAKI-LAKI' as const, 'PEREMPUAN' as const),
  birthDate: fc
    .date({ min: new Date('1940-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
});

const requestArb = fc.record({
  endpoint: fc.constantFrom('v1-verify', 'v1-lookup', 'wire-verify', 'wire-nik'),
  elements: fc.subarray([...VERIFIABLE_CODES], { minLength: 1 }),
  exact: fc.boolean(),
  upperKeys: fc.boolean(),
});

let seq = 0;

describe('property: ungranted elements never leave the server', () => {
  it('holds for random agreements, residents and requests on every endpoint', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray([...ELEMENT_CODES], { minLength: 1 }),
        residentArb,
        fc.array(requestArb, { minLength: 1, maxLength: 4 }),
        async (granted, person, requests) => {
          seq += 1;
          const inst = await insertInstitution(db, {
            code: `PROP_${seq}`,
            name: `Instansi ${seq}`,
            officeId: world.central.id,
            allowedNetworks: ['127.0.0.0/8'],
          });
          const methods: AccessMethod[] = ['verification', 'portal'];
          await insertAgreement(db, agreementFor(inst, { elements: granted as ElementCode[], methods }));
          const op = await addOperator(db, inst, { dailyQuota: null, username: `prop.op${seq}` });
          const bearer = await tokenFor(app, op.username);
          const r = await addResident(db, person);
          const grantedSet = new Set<string>(granted);
          const record = {
            ...r,
            provinceCode: '33',
            provinceName: 'JAWA TENGAH',
            regencyCode: '3301',
            regencyName: 'KABUPATEN CILACAP',
            districtCode: '330101',
            districtName: 'KEDUNGREJA',
            villageName: 'TAMBAKREJA',
          };
          // Distinctive stored values of ungranted elements: none may appear in any body.
          const hidden = ELEMENT_CODES.filter((c) => !grantedSet.has(c))
            .map((c) => elementDef(c).read(record))
            .filter((v): v is string => v !== null && v.length >= 8 && /[A-Z]{8}/.test(v));

          for (const q of requests) {
            const submitted = Object.fromEntries(
              q.elements.map((c) => {
                const stored = elementDef(c).read(record) ?? 'X';
                return [c, q.exact ? stored : `${stored}Q`];
              }),
            );
            const key = (k: string) => (q.upperKeys ? k : k.toLowerCase());
            const wireBody = {
              [key('USER_ID')]: op.username,
              [key('PASSWORD')]: PASSWORD,
              [key('IP_USER')]: '127.0.0.1',
              [key('NIK')]: r.nik,
            };
            let body: string;
            let keys: string[];
            if (q.endpoint === 'v1-verify') {
              const res = await app.inject({
                method: 'POST',
                url: '/v1/verifications',
                headers: { authorization: `Bearer ${bearer}` },
                payload: { nik: r.nik, elements: submitted },
              });
              body = res.body;
              const verdicts = (res.json().elements ?? []) as {
                element: string;
                status: string;
                score?: number;
              }[];
              for (const v of verdicts) {
                if (!grantedSet.has(v.element))
                  expect(v).toEqual({ element: v.element, status: 'not_permitted' });
              }
              keys = [];
            } else if (q.endpoint === 'v1-lookup') {
              const res = await app.inject({
                method: 'POST',
                url: '/v1/lookups',
                headers: { authorization: `Bearer ${bearer}` },
                payload: { nik: r.nik },
              });
              body = res.body;
              keys = Object.keys(res.json().elements ?? {});
            } else {
              const service = q.endpoint === 'wire-verify' ? 'CALL_VERIFY_BY_ELEMEN' : 'CALL_NIK';
              const payload =
                q.endpoint === 'wire-verify'
                  ? {
                      ...wireBody,
                      ...Object.fromEntries(Object.entries(submitted).map(([k, v]) => [key(k), v])),
                    }
                  : wireBody;
              const res = await app.inject({
                method: 'POST',
                url: `/dukcapil/get_json/${inst.code}/${service}`,
                payload,
              });
              body = res.body;
              keys = Object.keys(res.json().content[0]).filter(
                (k) => k !== 'RESPONSE_CODE' && k !== 'RESPON',
              );
            }
            for (const k of keys)
              expect(grantedSet.has(k), `${q.endpoint} answered ungranted ${k}`).toBe(true);
            for (const v of hidden) expect(body, `${q.endpoint} leaked an ungranted value`).not.toContain(v);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

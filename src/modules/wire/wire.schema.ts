import { z } from 'zod';
import { OUTCOMES } from '../access/outcomes.ts';
import { ELEMENT_CODES, VERIFIABLE_CODES } from '../elements/elements.ts';

/**
 * The wire routes' OpenAPI description. Documentation only: the routes keep reading their bodies by hand
 * (any content type, keys in any case, strings or numbers), so nothing here is given to Fastify to validate
 * or serialise. `wireRouteSchema` is the route's `schema:` (tags, summary, description, the CUSTOMER_ID
 * parameter); `wireDocs` adds the request and response bodies to the document only (src/http/openapi.ts).
 */
export type WireMethod = 'CALL_VERIFY_BY_ELEMEN' | 'CALL_NIK';

const SUMMARY: Record<WireMethod, string> = {
  CALL_VERIFY_BY_ELEMEN: 'Verification (CALL_VERIFY_BY_ELEMEN)',
  CALL_NIK: 'Look-up by NIK (CALL_NIK)',
};

export function wireRouteSchema(method: WireMethod) {
  return {
    tags: ['dukcapil-wire'],
    summary: SUMMARY[method],
    description:
      'Dukcapil wire format: JSON body with USER_ID, PASSWORD, IP_USER, NIK (and for verification TRESHOLD and ' +
      'elements by wire name; optional REQUEST_ID and TIMESTAMP against replays, TUJUAN for the purpose); keys in any case, values as ' +
      'strings or numbers (a NIK as a number keeps its digits); any Content-Type. Always HTTP 200 with ' +
      '{"content":[{...}]}: a look-up found carries RESPONSE_CODE 01 with the fields, an answered verification ' +
      'the verdicts (NIK first), anything else RESPON and RESPONSE_CODE (table: ' +
      'components.schemas.WireResponseCode). See docs/wire-evidence.md.',
    params: z.object({ customerId: z.string().describe('CUSTOMER_ID: the institution code') }),
  };
}

const value = z.union([z.string(), z.number()]);

const credentials = {
  USER_ID: z.string().describe("The operator's user ID"),
  PASSWORD: z.string().describe("The operator's password"),
  IP_USER: z
    .string()
    .describe("The caller's own IP address as it believes it to be; must equal the caller's"),
  NIK: value.describe('The NIK asked about: 16 digits (send it as a string; a number loses digits)'),
  REQUEST_ID: z
    .string()
    .optional()
    .describe('Optional client request ID; a repeat within the retention window → RESPONSE_CODE 19'),
  TIMESTAMP: z
    .string()
    .optional()
    .describe('Optional client time (ISO 8601 or epoch ms); outside the allowed skew → RESPONSE_CODE 20'),
  TUJUAN: z
    .string()
    .optional()
    .describe(
      "Optional (Gerbang's): the purpose code (GET /v1/purposes); absent → the agreement's default purpose; " +
        'a purpose the agreement does not grant → RESPONSE_CODE 23',
    ),
};

const verifyElements = Object.fromEntries(
  VERIFIABLE_CODES.filter((c) => c !== 'NIK').map((c) => [
    c,
    z.string().optional().describe(`The value the institution holds for ${c}`),
  ]),
);

const verifyBody = z
  .object({
    ...credentials,
    TRESHOLD: value
      .optional()
      .describe("Similarity threshold 0–100 (sic; THRESHOLD is read too); default: the agreement's"),
    ...verifyElements,
  })
  .describe('Keys are matched without regard to case. Submit at least one element the agreement grants.');

const lookupBody = z.object(credentials).describe('Keys are matched without regard to case.');

/**
 * Every wire RESPONSE_CODE with each RESPON it is sent with, from the outcome table (outcomes.ts), plus 99 for a
 * server fault. One code can carry several texts (16: institution inactive, agreement not in force, method not
 * granted, SPTJM missing): one row per code and text.
 */
export function wireResponseCodes(): { code: string; respon: string; outcomes: string[] }[] {
  const rows = new Map<string, { code: string; respon: string; outcomes: string[] }>();
  for (const [name, o] of Object.entries(OUTCOMES)) {
    const respon = o.respon ?? o.message;
    const key = `${o.wire}|${respon}`;
    const row = rows.get(key) ?? { code: o.wire, respon, outcomes: [] };
    row.outcomes.push(name);
    rows.set(key, row);
  }
  rows.set('99', { code: '99', respon: 'Kesalahan sistem', outcomes: ['(server fault, HTTP 500)'] });
  return [...rows.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

// z.literal, not z.enum: an enum keeps its values as object keys, which would put "10" before "01".
export const wireResponseCode = z.literal([...new Set(wireResponseCodes().map((r) => r.code))]).describe(
  'RESPONSE_CODE: 01 data found / answered; any other code comes with RESPON.\n\n' +
    '| RESPONSE_CODE | RESPON | outcomes (audit) |\n| --- | --- | --- |\n' +
    wireResponseCodes()
      .map((r) => `| ${r.code} | ${r.code === '01' ? '—' : r.respon} | ${r.outcomes.join(', ')} |`)
      .join('\n'),
);

const refusal = z
  .object({
    RESPON: z.string().describe('The message clients match, character for character'),
    RESPONSE_CODE: wireResponseCode,
  })
  .describe('Any answer other than 01');

const verifyFound = z
  .object({ RESPONSE_CODE: z.literal('01').optional() })
  .catchall(z.string())
  .describe(
    'Answered: NIK first ("Sesuai"), then per submitted and granted element "Sesuai" or "Tidak Sesuai (NN)" ' +
      '(NN the 0–100 score; NAMA_LGKP and ALAMAT carry it on a match too, "Sesuai (NN)"); an ungranted element ' +
      'is absent. No RESPONSE_CODE unless the client application asks for "01" (wire-compat setting).',
  );

const lookupFound = z
  .object({
    RESPONSE_CODE: z.literal('01'),
    ...Object.fromEntries(ELEMENT_CODES.map((c) => [c, z.string().optional()])),
  })
  .describe('Found: the elements the agreement grants, and only those (dates as dd-mm-yyyy)');

const answer = (found: z.ZodType) =>
  z
    .object({ content: z.array(z.union([found, refusal])).length(1) })
    .describe('Always HTTP 200; the outcome is in the body');

/** What the document shows of a wire route besides its `schema:`: the bodies (never validated). */
export function wireDocs(method: WireMethod) {
  return method === 'CALL_VERIFY_BY_ELEMEN'
    ? { body: verifyBody, response: { 200: answer(verifyFound) } }
    : { body: lookupBody, response: { 200: answer(lookupFound) } };
}

import { parse as parseLossless } from 'lossless-json';
import { OUTCOMES, type Outcome } from '../access/outcomes.ts';

/**
 * The Dukcapil wire format (../shared/dukcapil-wire.md): key names matched without regard to case, values
 * sent as strings or numbers, always HTTP 200 with `{"content":[{...}]}`.
 */
export type WireBody = ReadonlyMap<string, string>;

/**
 * Key aliases seen in public clients (docs/wire-evidence.md): the caller's address under other names. The
 * canonical key wins when both are sent.
 */
const KEY_ALIASES: Readonly<Record<string, string>> = {
  IP_ADDRESS: 'IP_USER',
  IP_USERS: 'IP_USER',
  THRESHOLD: 'TRESHOLD',
};

/**
 * Reads a request body into upper-cased keys and string values. Returns null when it is not a JSON object.
 *
 * A number is kept as the exact digits of its JSON text, never as a double: `{"NIK": 9671041010900003}`
 * (above 2^53, every NIK of provinces 91–97) would otherwise become 9671041010900004 — a neighbour's NIK.
 * JSON.parse cannot give a number's source text on Node 20 (no reviver `context.source` before V8 11.x in
 * Node 21+), so lossless-json parses it, handing each number over as its source text. A number written with
 * a fraction or an exponent keeps that text too, and so fails the NIK's 16-digit check (wire 08).
 *
 * Values that are not strings or numbers (objects, arrays, booleans, null) are dropped: no known key takes
 * them, so they count as absent.
 */
export function readWireBody(raw: string | undefined): WireBody | null {
  if (raw === undefined || raw.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = parseLossless(raw.replace(/^\uFEFF/, ''), null, (text: string) => new NumberText(text));
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const out = new Map<string, string>();
  const aliased = new Map<string, string>();
  for (const [k, v] of Object.entries(parsed)) {
    const value = typeof v === 'string' ? v : v instanceof NumberText ? v.text : undefined;
    if (value === undefined) continue;
    const key = k.trim().toUpperCase();
    const canonical = KEY_ALIASES[key];
    if (canonical) aliased.set(canonical, value);
    else out.set(key, value);
  }
  for (const [k, v] of aliased) if (!out.has(k)) out.set(k, v);
  return out;
}

/** A JSON number as written in the request, told apart from a string holding the same text. */
class NumberText {
  constructor(readonly text: string) {}
}

export interface WireAnswer {
  content: [Record<string, string>];
}

/** A refusal or status answer: `RESPON` and `RESPONSE_CODE`. */
export function wireOutcome(outcome: Outcome): WireAnswer {
  const o = OUTCOMES[outcome];
  return { content: [{ RESPON: o.respon ?? o.message, RESPONSE_CODE: o.wire }] };
}

/** A found answer: the given fields plus `RESPONSE_CODE` 01. */
export function wireFound(fields: Record<string, string>): WireAnswer {
  return { content: [{ ...fields, RESPONSE_CODE: OUTCOMES.found.wire }] };
}

/** 'YYYY-MM-DD' → 'dd-mm-yyyy', the wire's date form. */
export function toWireDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}-${m}-${y}`;
}

/** TRESHOLD: absent → undefined; an integer 0–100 (string or number) → it; anything else → 'invalid'. */
export function readThreshold(value: string | undefined): number | undefined | 'invalid' {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^\s*\d{1,3}\s*$/.test(value)) return 'invalid';
  const n = Number(value);
  return n >= 0 && n <= 100 ? n : 'invalid';
}

/** Under this path every request is a wire request, answered in the wire protocol whatever else is wrong. */
const WIRE_PATH = /^\/dukcapil\/get_json\/([^?#]*)/;

/**
 * The access method a wire URL asks for: `CALL_NIK` (any case) as its last segment is a look-up
 * (`portal`), anything else under `/dukcapil/get_json/` a verification; null outside the wire. Read from
 * the raw URL, so it also serves requests the router could not route (a bad escape, an over-long segment).
 */
export function wireMethodOfUrl(url: string): 'portal' | 'verification' | null {
  const m = WIRE_PATH.exec(url);
  if (!m) return null;
  const last = m[1]!.replace(/\/+$/, '').split('/').at(-1) ?? '';
  return last.toUpperCase() === 'CALL_NIK' ? 'portal' : 'verification';
}

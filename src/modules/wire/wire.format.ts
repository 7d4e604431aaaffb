import { OUTCOMES, type Outcome } from '../access/outcomes.ts';

/**
 * The Dukcapil wire format (../shared/dukcapil-wire.md): key names matched without regard to case, values
 * sent as strings or numbers, always HTTP 200 with `{"content":[{...}]}`.
 */
export type WireBody = ReadonlyMap<string, string>;

/**
 * Reads a request body into upper-cased keys and string values. Returns null when it is not a JSON object.
 * Values that are not strings or numbers (objects, arrays, booleans, null) are dropped: no known key takes
 * them, so they count as absent.
 */
export function readWireBody(raw: string | undefined): WireBody | null {
  if (raw === undefined || raw.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v === 'string') out.set(k.toUpperCase(), v);
    else if (typeof v === 'number' && Number.isFinite(v)) out.set(k.toUpperCase(), String(v));
  }
  return out;
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

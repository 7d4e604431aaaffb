import { distance } from 'fastest-levenshtein';
import type { ElementKind } from '../elements/elements.ts';

/**
 * Comparing a submitted value with the registry's value, per element kind.
 *
 * Text elements are scored with the Levenshtein ratio: score = round(100 × (1 − d / max(len a, len b))),
 * d the edit distance (fastest-levenshtein) between the two normalised values; 100 means identical. A text
 * element matches when score ≥ threshold. Every other kind matches exactly (score 100 or 0) after its own
 * normalisation. The normalisation is this project's own domain logic (Indonesian titles and degrees), so
 * it is written here.
 */
export type NormalisationStep =
  'case' | 'spacing' | 'punctuation' | 'titles' | 'degrees' | 'leading_zeros' | 'date_format';

export interface Normalised {
  value: string;
  steps: NormalisationStep[];
}

// Titles written before a name (Haji, Hajjah, Doktor, Doktoranda, Insinyur, Profesor, Kyai Haji, ...).
const TITLES = new Set([
  'DR',
  'DRS',
  'DRA',
  'IR',
  'H',
  'HJ',
  'PROF',
  'KH',
  'NY',
  'TN',
  'DRG',
  'DRH',
  'TGK',
  'RA',
]);
// Academic degrees written after a name (S.Sos., S.Pd., S.H., M.M., A.Md., ...), compared without dots.
const DEGREES = new Set([
  'SSOS',
  'SPD',
  'SPDI',
  'SH',
  'SHI',
  'SE',
  'SKOM',
  'ST',
  'SSI',
  'SIP',
  'SKM',
  'SAG',
  'SS',
  'SP',
  'SKEP',
  'SKED',
  'SFARM',
  'SPSI',
  'SST',
  'STR',
  'SIKOM',
  'SSTP',
  'SHUT',
  'SPT',
  'SAK',
  'SKEB',
  'SGZ',
  'SPWK',
  'STP',
  'SE.AK',
  'MM',
  'MSI',
  'MPD',
  'MH',
  'MKES',
  'MT',
  'MKOM',
  'MAG',
  'MSC',
  'MBA',
  'MAP',
  'MPH',
  'MHUM',
  'MPDI',
  'MEI',
  'AMD',
  'AMK',
  'AMKEB',
  'AMKEP',
  'AMAK',
  'AMF',
  'AMG',
  'BSC',
  'PHD',
  'LLM',
  'SPOG',
  'SPA',
  'SPB',
  'SPPD',
]);

const stripDots = (t: string) => t.replaceAll('.', '');

/** Normalisation for text elements; reports which steps changed the value. */
export function normaliseText(raw: string): Normalised {
  const steps = new Set<NormalisationStep>();
  let s = raw;
  const upper = s.toUpperCase();
  if (upper !== s) steps.add('case');
  s = upper;

  // Degrees: everything after a comma that is a degree, and trailing dotted degree tokens.
  const [head = '', ...tail] = s.split(',');
  const tailTokens = tail.join(' ').split(/\s+/).filter(Boolean);
  let body = head;
  if (tail.length > 0) {
    if (tailTokens.length > 0 && tailTokens.every((t) => DEGREES.has(stripDots(t)))) steps.add('degrees');
    else {
      // Not a degree list: the commas are just punctuation inside the value.
      body = s.replaceAll(',', ' ');
      steps.add('punctuation');
    }
  }
  const tokens = body.split(/\s+/).filter(Boolean);
  while (
    tokens.length > 1 &&
    tokens[tokens.length - 1]!.includes('.') &&
    DEGREES.has(stripDots(tokens.at(-1)!))
  ) {
    tokens.pop();
    steps.add('degrees');
  }
  while (tokens.length > 1 && TITLES.has(stripDots(tokens[0]!))) {
    tokens.shift();
    steps.add('titles');
  }

  const joined = tokens.join(' ');
  // Apostrophes vanish (MA'RUF → MARUF); other punctuation separates words.
  const cleaned = joined.replace(/['`’]/g, '').replace(/[^\p{L}\p{N} ]/gu, ' ');
  if (cleaned !== joined) steps.add('punctuation');
  const spaced = cleaned.replace(/\s+/g, ' ').trim();
  if (spaced !== cleaned || /\s{2,}|^\s|\s$/.test(raw)) steps.add('spacing');
  return { value: spaced, steps: [...steps] };
}

/** Categories (sex, religion, ...): case, spacing and punctuation only; L/P stand for the sexes. */
export function normaliseCategory(raw: string): Normalised {
  const steps = new Set<NormalisationStep>();
  const upper = raw.toUpperCase();
  if (upper !== raw) steps.add('case');
  const spaced = upper.replace(/\s+/g, ' ').trim();
  if (spaced !== upper) steps.add('spacing');
  // Hyphens, slashes and parentheses carry meaning in category values (LAKI-LAKI, PELAJAR/MAHASISWA).
  const cleaned = spaced.replace(/[^\p{L}\p{N} /()+-]/gu, '');
  if (cleaned !== spaced) steps.add('punctuation');
  const sex =
    cleaned === 'L' || cleaned === 'LAKI LAKI' ? 'LAKI-LAKI' : cleaned === 'P' ? 'PEREMPUAN' : cleaned;
  return { value: sex, steps: [...steps] };
}

export function normaliseNumber(raw: string): Normalised {
  const trimmed = raw.trim();
  const steps: NormalisationStep[] = trimmed !== raw ? ['spacing'] : [];
  if (!/^\d+$/.test(trimmed)) return { value: trimmed, steps };
  const value = trimmed.replace(/^0+(?=\d)/, '');
  if (value !== trimmed) steps.push('leading_zeros');
  return { value, steps };
}

export function normaliseDigits(raw: string): Normalised {
  const value = raw.replace(/\s+/g, '');
  return { value, steps: value !== raw ? ['spacing'] : [] };
}

/**
 * Dates are compared as YYYY-MM-DD. Accepted as sent (after trimming spaces): `YYYY-MM-DD`, or day, month and
 * four-digit year in that order with one- or two-digit day and month, separated by `-` or `/` (dd-mm-yyyy, the
 * wire form; dd/mm/yyyy, e.g. "15/03/1985"; d-m-yyyy). Anything else (yyyy/mm/dd, two-digit years, month names)
 * is compared as written and so does not match; an impossible date (31-02-1985) matches nothing either.
 */
export function normaliseDate(raw: string): Normalised {
  const t = raw.trim();
  const m = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/.exec(t);
  if (m)
    return { value: `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`, steps: ['date_format'] };
  return { value: t, steps: t !== raw ? ['spacing'] : [] };
}

const NORMALISERS: Record<ElementKind, (raw: string) => Normalised> = {
  text: normaliseText,
  category: normaliseCategory,
  number: normaliseNumber,
  digits: normaliseDigits,
  date: normaliseDate,
};

export function normalise(kind: ElementKind, raw: string): Normalised {
  return NORMALISERS[kind](raw);
}

export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 100;
  return Math.round(100 * (1 - distance(a, b) / longest));
}

export interface Comparison {
  matched: boolean;
  score: number;
  /** The threshold applied: the request's for text elements, 100 (exact) for every other kind. */
  threshold: number;
  comparison: 'similarity' | 'exact';
  /** Steps applied to the submitted value (never to the stored one: that would describe unshown data). */
  normalisation: NormalisationStep[];
}

export function compare(
  kind: ElementKind,
  submitted: string,
  stored: string | null,
  threshold: number,
): Comparison {
  const given = normalise(kind, submitted);
  const have = stored === null ? null : normalise(kind, stored).value;
  if (kind === 'text') {
    const score = have === null ? 0 : similarity(given.value, have);
    return {
      matched: score >= threshold,
      score,
      threshold,
      comparison: 'similarity',
      normalisation: given.steps,
    };
  }
  const matched = have !== null && given.value === have;
  return {
    matched,
    score: matched ? 100 : 0,
    threshold: 100,
    comparison: 'exact',
    normalisation: given.steps,
  };
}

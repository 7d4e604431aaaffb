import { checkNik } from '../nik/nik.ts';
import type { WindowEvent } from './misuse.window.ts';

/**
 * The patterns the agreements forbid ("NIK input must not be sequential, patterned, or in quick
 * succession"), as pure functions over one window of recent requests. Each answers a detection or null;
 * each is O(window) with small constants.
 */
export type MisuseReason =
  'sequential_serial' | 'sequential_birthdate' | 'family_sweep' | 'burst' | 'outside_hours';
export const MISUSE_REASONS: readonly MisuseReason[] = [
  'sequential_serial',
  'sequential_birthdate',
  'family_sweep',
  'burst',
  'outside_hours',
];
export type Severity = 'low' | 'medium' | 'high';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high'];

/** What an alert keeps as evidence: NIKs and times (and which account), never other population data. */
export interface Evidence {
  scope: 'account' | 'institution';
  /** How many distinct NIKs (patterns) or requests (burst, outside hours) make the finding. */
  count: number;
  threshold: number;
  windowSeconds: number;
  events: { nik: string; at: string; accountId: string }[];
}

export interface Detection {
  reason: MisuseReason;
  severity: Severity;
  evidence: Evidence;
}

/** At most this many events are kept as evidence (the newest). */
const EVIDENCE_MAX = 50;

const DAY_MS = 86_400_000;

function evidence(
  scope: Evidence['scope'],
  count: number,
  threshold: number,
  windowMs: number,
  events: WindowEvent[],
): Evidence {
  // The events are rendered when first read: a busy account's windows show the same burst on every
  // request, but only the first detection in a window becomes an alert (the guard's claim), so most
  // detections are never rendered.
  let rendered: Evidence['events'] | undefined;
  return {
    scope,
    count,
    threshold,
    windowSeconds: Math.round(windowMs / 1000),
    get events() {
      rendered ??= events.slice(-EVIDENCE_MAX).map((e) => ({
        nik: e.nik,
        at: new Date(e.at).toISOString(),
        accountId: e.accountId,
      }));
      return rendered;
    },
  };
}

const anyDistrict = (): boolean => true;

/** Twice the threshold or more is high; else medium. */
const grade = (count: number, threshold: number): Severity => (count >= 2 * threshold ? 'high' : 'medium');

/** The longest run of consecutive integers in `values` that contains `start`. */
function runAround(values: ReadonlySet<number>, start: number): { lo: number; hi: number } {
  let lo = start;
  let hi = start;
  while (values.has(lo - 1)) lo -= 1;
  while (values.has(hi + 1)) hi += 1;
  return { lo, hi };
}

/**
 * The birth date of a NIK as a day number (women's DD + 40 decoded by the NIK module); null if its digits hold
 * no date. The district code is not looked up: the access path checked the NIK whole before the detector saw
 * it, and the look-up would load the region list into the detector's thread for nothing (issue #16's profile).
 */
export function nikBirthDay(nik: string): number | null {
  const c = checkNik(nik, anyDistrict);
  if (!c.valid) return null;
  const { day, month, yy } = c.parts;
  // The century is not in a NIK; any fixed one keeps day steps within a year and across months right.
  return Date.UTC(1900 + yy, month - 1, day) / DAY_MS;
}

/**
 * Consecutive serials: NIKs with the same first 12 digits (kecamatan, birth date, sex) whose serials form a
 * run (+1 or −1 steps, in any order) through the newest NIK, of at least `run` distinct NIKs.
 */
export function sequentialSerial(
  window: WindowEvent[],
  newest: WindowEvent,
  scope: Evidence['scope'],
  opts: { run: number; windowMs: number },
): Detection | null {
  const prefix = newest.nik.slice(0, 12);
  const same = window.filter((e) => e.nik.slice(0, 12) === prefix);
  const serials = new Set(same.map((e) => Number(e.nik.slice(12))));
  const { lo, hi } = runAround(serials, Number(newest.nik.slice(12)));
  const count = hi - lo + 1;
  if (count < opts.run) return null;
  const inRun = same.filter((e) => {
    const s = Number(e.nik.slice(12));
    return s >= lo && s <= hi;
  });
  return {
    reason: 'sequential_serial',
    severity: grade(count, opts.run),
    evidence: evidence(scope, count, opts.run, opts.windowMs, inRun),
  };
}

/**
 * Consecutive birth dates within one kecamatan (the window holds one kecamatan's NIKs): distinct birth
 * dates stepping by one day through the newest NIK's, at least `run` of them, either sex.
 */
export function sequentialBirthdate(
  window: WindowEvent[],
  newest: WindowEvent,
  scope: Evidence['scope'],
  opts: { run: number; windowMs: number },
): Detection | null {
  const district = newest.nik.slice(0, 6);
  const days = new Map<WindowEvent, number>();
  for (const e of window) {
    if (e.nik.slice(0, 6) !== district) continue;
    const d = nikBirthDay(e.nik);
    if (d !== null) days.set(e, d);
  }
  const start = nikBirthDay(newest.nik);
  if (start === null) return null;
  const { lo, hi } = runAround(new Set(days.values()), start);
  const count = hi - lo + 1;
  if (count < opts.run) return null;
  const inRun = [...days].filter(([, d]) => d >= lo && d <= hi).map(([e]) => e);
  return {
    reason: 'sequential_birthdate',
    severity: grade(count, opts.run),
    evidence: evidence(scope, count, opts.run, opts.windowMs, inRun),
  };
}

/** A family-card sweep: the window holds one family card's look-ups; at least `members` distinct NIKs. */
export function familySweep(
  window: WindowEvent[],
  scope: Evidence['scope'],
  opts: { members: number; windowMs: number },
): Detection | null {
  const distinct = new Set(window.map((e) => e.nik));
  if (distinct.size < opts.members) return null;
  return {
    reason: 'family_sweep',
    severity: grade(distinct.size, opts.members),
    evidence: evidence(scope, distinct.size, opts.members, opts.windowMs, window),
  };
}

/** A burst: more than `max` requests of one account within the window (ending at the newest, `newest`). */
export function burst(
  window: WindowEvent[],
  newest: WindowEvent,
  opts: { max: number; windowMs: number },
): Detection | null {
  const recent = window.filter((e) => e.at > newest.at - opts.windowMs);
  if (recent.length <= opts.max) return null;
  return {
    reason: 'burst',
    severity: grade(recent.length, opts.max + 1),
    evidence: evidence('account', recent.length, opts.max, opts.windowMs, recent),
  };
}

/** Repeated attempts outside the agreement's allowed hours: at least `attempts` within the window. */
export function outsideHours(
  window: WindowEvent[],
  opts: { attempts: number; windowMs: number },
): Detection | null {
  if (window.length < opts.attempts) return null;
  return {
    reason: 'outside_hours',
    severity: window.length >= 2 * opts.attempts ? 'medium' : 'low',
    evidence: evidence('account', window.length, opts.attempts, opts.windowMs, window),
  };
}

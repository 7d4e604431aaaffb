import { randomUUID } from 'node:crypto';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Db } from '../db/db.ts';
import { addDays, isWeekend, weekdayOf } from '../lib/dates.ts';
import { wibDay, wibDayStart } from '../lib/time.ts';
import type { Outcome } from '../modules/access/outcomes.ts';
import type { Agreement } from '../modules/agreements/agreements.repo.ts';
import type { AuditEntry, AuditSink } from '../modules/audit/audit.sink.ts';
import { sampleResidents } from '../modules/residents/residents.repo.ts';

/**
 * Weeks of synthetic past activity for the demo, so its dashboards and usage charts have a history to show:
 * working days only (Monday to Friday), office hours in WIB with the morning and after-lunch peaks, each
 * institution at its own volume and methods, outcomes in the proportions a real registry sees (most NIKs
 * found; a few not found, mistyped, deceased, duplicate or inactive; a wrong password now and then).
 *
 * The rows go through the audit sink — the same writer the gateway uses, each row backdated with the sink's
 * `at` — in time order, so they become leaves of the transparency log in time order, exactly like live rows,
 * and `gerbang audit verify` holds. Nothing here writes to access_audit itself.
 */
export interface HistoryActor {
  code: string;
  institutionId: string;
  isActive: boolean;
  agreement: Agreement;
  operator: { id: string; username: string };
}

/** Mean attempts per working day, and the share of them through the verification method (the rest portal). */
const PROFILES: Record<string, { perDay: number; verification: number; wire: number }> = {
  KESBANGPOL_JATENG: { perDay: 22, verification: 0.7, wire: 0.5 },
  BPBD_CILACAP: { perDay: 45, verification: 0, wire: 0.4 },
  BAPERLITBANG_CILACAP: { perDay: 110, verification: 0.85, wire: 0.7 },
  DINSOS_SEMARANG: { perDay: 260, verification: 0.9, wire: 0.8 },
  // Refused callers: an inactive institution still tries, an expired agreement's operator a few times.
  RSUD_NONAKTIF: { perDay: 2, verification: 1, wire: 1 },
  KOPERASI_LAMA: { perDay: 1.5, verification: 0.6, wire: 1 },
};

/** Outcomes of an attempt that passed the caller checks, by weight (per mille). */
const ANSWERED: [Outcome, number][] = [
  ['found', 880],
  ['not_found', 45],
  ['nik_invalid_format', 25],
  ['deceased', 18],
  ['inactive', 10],
  ['duplicate', 5],
  ['login_failed', 12],
  ['invalid_request', 5],
];

/** The elements a verification typically submits (a name and a birth date, often the place of birth). */
const VERIFY_SETS = [
  ['NAMA_LGKP', 'TGL_LHR'],
  ['NAMA_LGKP', 'TGL_LHR', 'TMPT_LHR'],
  ['NAMA_LGKP', 'TGL_LHR', 'NAMA_LGKP_IBU'],
  ['NAMA_LGKP', 'JENIS_KLMIN', 'TGL_LHR', 'ALAMAT'],
];

/** Seeded random numbers in [0, 1) (pure-rand's xoroshiro128+), so every demo has the same history. */
function random(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  return () => (rng.next() >>> 0) / 2 ** 32;
}

function pick<T>(rand: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
}

/** A WIB time of an office day, in seconds after midnight: 08:00–16:00, busiest 09–11 and 13–15. */
function officeSecond(rand: () => number): number {
  const hour = pick(rand, [
    [8, 8],
    [9, 16],
    [10, 18],
    [11, 12],
    [12, 4],
    [13, 14],
    [14, 16],
    [15, 9],
  ]);
  return hour * 3600 + Math.floor(rand() * 3600);
}

/** A count around `mean` (±40 %), fewer on Fridays (shorter office day) and at the start of a month. */
function dayCount(rand: () => number, mean: number, day: string): number {
  const factor = (weekdayOf(day) === 5 ? 0.7 : 1) * (0.6 + rand() * 0.8);
  return Math.max(0, Math.round(mean * factor));
}

export interface HistoryOptions {
  now: Date;
  /** How many days back the history starts (default 42: six weeks). */
  days?: number;
  seed?: number;
}

/** Writes the history through `audit`; returns the number of rows. Does nothing without a population. */
export async function seedDemoHistory(
  db: Db,
  audit: AuditSink,
  actors: HistoryActor[],
  opts: HistoryOptions,
): Promise<number> {
  const rand = random(opts.seed ?? 2026);
  const residents = {
    active: await sampleResidents(db, { status: 'active', limit: 3000 }),
    deceased: await sampleResidents(db, { status: 'deceased', limit: 200 }),
    duplicate: await sampleResidents(db, { status: 'duplicate', limit: 100 }),
    inactive: await sampleResidents(db, { status: 'inactive', limit: 100 }),
  };
  if (residents.active.length === 0) return 0;
  const nikOf = (outcome: Outcome): string | null => {
    const from = (list: { nik: string }[]) =>
      (list.length > 0 ? list : residents.active)[
        Math.floor(rand() * (list.length || residents.active.length))
      ]!.nik;
    switch (outcome) {
      case 'deceased':
        return from(residents.deceased);
      case 'duplicate':
        return from(residents.duplicate);
      case 'inactive':
        return from(residents.inactive);
      case 'not_found':
        // A well-formed NIK no one holds: a real region and birth date, serial 9xxx (the generator counts serials
        // from 1 per district and birth date; a demo population never reaches 9000).
        return `${from(residents.active).slice(0, 12)}9${String(Math.floor(rand() * 900) + 100)}`;
      case 'nik_invalid_format':
        return from(residents.active).slice(0, 15);
      default:
        return from(residents.active);
    }
  };

  const today = wibDay(opts.now);
  const first = addDays(today, -(opts.days ?? 42));
  let written = 0;
  // Up to yesterday: today belongs to whoever uses the demo.
  for (let day = first; day < today; day = addDays(day, 1)) {
    if (isWeekend(day)) continue;
    const entries: AuditEntry[] = [];
    for (const a of actors) {
      const profile = PROFILES[a.code];
      if (!profile) continue;
      const refusedAs: Outcome | null = !a.isActive
        ? 'institution_inactive'
        : a.agreement.status === 'expired' || a.agreement.endDate < day
          ? 'agreement_not_in_force'
          : null;
      for (let n = dayCount(rand, profile.perDay, day); n > 0; n--) {
        const method =
          rand() < profile.verification && a.agreement.methods.includes('verification')
            ? 'verification'
            : 'portal';
        const outcome = refusedAs ?? pick(rand, ANSWERED);
        const requested =
          method === 'verification' ? VERIFY_SETS[Math.floor(rand() * VERIFY_SETS.length)]! : [];
        const granted = new Set<string>(a.agreement.elements);
        entries.push({
          requestId: randomUUID(),
          protocol: method === 'portal' ? 'v1' : rand() < profile.wire ? 'wire' : 'v1',
          method,
          institutionId: a.institutionId,
          accountId: a.operator.id,
          username: a.operator.username,
          nik: nikOf(outcome),
          elementsRequested: requested,
          elementsReturned:
            outcome !== 'found'
              ? []
              : method === 'verification'
                ? requested.filter((e) => granted.has(e))
                : [...a.agreement.elements],
          outcome,
          callerIp: `10.33.${1 + (a.code.length % 200)}.${10 + Math.floor(rand() * 40)}`,
          at: new Date(wibDayStart(day).getTime() + officeSecond(rand) * 1000),
          agreementVersionId: refusedAs === 'institution_inactive' ? null : a.agreement.currentVersionId,
        });
      }
    }
    // In time order, as they would have been written; one day's rows are given to the sink together, so it
    // commits them in a few batches.
    entries.sort((x, y) => x.at!.getTime() - y.at!.getTime());
    await Promise.all(entries.map((e) => audit.record(e)));
    written += entries.length;
  }
  await audit.flush();
  return written;
}

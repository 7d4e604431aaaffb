import { randomUUID } from 'node:crypto';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Db } from '../db/db.ts';
import { addDays, isWeekend, weekdayOf } from '../lib/dates.ts';
import { wibDay, wibDayStart } from '../lib/time.ts';
import { CHARGEABLE_OUTCOMES, type Outcome } from '../modules/access/outcomes.ts';
import type { Agreement } from '../modules/agreements/agreements.repo.ts';
import type { AuditEntry, AuditSink } from '../modules/audit/audit.sink.ts';
import { sampleResidents } from '../modules/residents/residents.repo.ts';
import { SERVER_ACTOR } from '../core/actor.ts';
import { accessTariff, DbFeeLeaseStore, LeasedFeeGate } from '../modules/fees/fees.gate.ts';
import { recordDeposit } from '../modules/fees/fees.service.ts';

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
  /**
   * A profit-oriented institution paying per access (PP 10/2023): its history is paid from monthly prepaid
   * deposits, recorded by `recordDeposit` on the first working day of each month before the current one, and
   * every chargeable answer is drawn through the fee gate (`LeasedFeeGate` over `DbFeeLeaseStore`) as the
   * gateway draws it: the lease on the audit row, settled by counting those rows. Each deposit covers about
   * 85 % of the month's expected use, so the balance runs out in the month's last days; then the operator is
   * refused `balance_exhausted` and stops trying after a few refusals a day, until the next deposit.
   */
  prepaid?: boolean;
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
  // The profit-oriented bank (prepaid, per access): customer identity checks, mostly by web service.
  BANK_SINTESIS: { perDay: 60, verification: 0.8, wire: 0.5 },
};

/** Share of a deposit in the month's expected charges (the rest of the month is refused for balance). */
const DEPOSIT_SHARE = 0.85;
/** Refusals for an empty balance after which the operator stops trying for the day. */
const EMPTY_TRIES = 3;

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
  /**
   * Before those weeks, back to this day (YYYY-MM-DD; e.g. the first day of the last ended semester), a
   * lighter history — a tenth of the volume — so a semester report, an evaluation's checklist and the roll-up
   * have a whole semester of real figures without the demo writing hundreds of thousands of rows.
   */
  sparseFrom?: string;
  seed?: number;
}

/**
 * One access to the featured resident: institutions in turn, their stated or default purpose, and now and then
 * a refusal for a purpose the agreement does not grant (the resident sees refused attempts too).
 */
function featuredAccess(nik: string, actors: HistoryActor[], n: number, day: string): AuditEntry {
  const a = actors[n % actors.length]!;
  const verification = a.agreement.methods.includes('verification') && PROFILES[a.code]!.verification > 0;
  const refused = n % 4 === 1;
  const wire = !refused && n % 3 === 2;
  const elements = verification ? ['NAMA_LGKP', 'TGL_LHR'] : [...a.agreement.elements];
  return {
    requestId: randomUUID(),
    protocol: wire ? 'wire' : 'v1',
    method: verification ? 'verification' : 'portal',
    institutionId: a.institutionId,
    accountId: a.operator.id,
    username: a.operator.username,
    nik,
    elementsRequested: verification ? elements : [],
    elementsReturned: refused ? [] : elements,
    outcome: refused ? 'purpose_not_granted' : 'found',
    callerIp: `10.33.${1 + (a.code.length % 200)}.9`,
    at: new Date(wibDayStart(day).getTime() + (9 * 3600 + n * 97) * 1000),
    agreementVersionId: a.agreement.currentVersionId,
    purpose: refused
      ? 'REKENING'
      : wire
        ? a.agreement.defaultPurpose
        : (a.agreement.purposeCodes.at(-1) ?? a.agreement.defaultPurpose),
    purposeDefaulted: wire,
  };
}

/** Writes the history through `audit`; returns the number of rows. Does nothing without a population. */
export async function seedDemoHistory(
  db: Db,
  audit: AuditSink,
  actors: HistoryActor[],
  opts: HistoryOptions,
): Promise<number> {
  const rand = random(opts.seed ?? 2026);
  // The purposes draw from a stream of their own, so the rest of the history is what it was before them.
  const purposeRand = random((opts.seed ?? 2026) + 1);
  const residents = {
    active: await sampleResidents(db, { status: 'active', limit: 3000 }),
    deceased: await sampleResidents(db, { status: 'deceased', limit: 200 }),
    duplicate: await sampleResidents(db, { status: 'duplicate', limit: 100 }),
    inactive: await sampleResidents(db, { status: 'inactive', limit: 100 }),
  };
  if (residents.active.length === 0) return 0;
  const nikOf = (outcome: Outcome, rng: () => number): string | null => {
    const from = (list: { nik: string }[]) =>
      (list.length > 0 ? list : residents.active)[
        Math.floor(rng() * (list.length || residents.active.length))
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
        return `${from(residents.active).slice(0, 12)}9${String(Math.floor(rng() * 900) + 100)}`;
      case 'nik_invalid_format':
        return from(residents.active).slice(0, 15);
      default:
        return from(residents.active);
    }
  };

  const today = wibDay(opts.now);
  const dense = addDays(today, -(opts.days ?? 42));
  const first = opts.sparseFrom && opts.sparseFrom < dense ? opts.sparseFrom : dense;
  let written = 0;
  // The demo's resident for "Cek akses data saya" (the first active one by NIK, as the guide's examples use):
  // every third working day one of the institutions in force looks them up, so their history has a page.
  const featured = residents.active[0]!.nik;
  const inForce = actors.filter(
    (a) => a.isActive && !a.prepaid && a.agreement.status === 'active' && PROFILES[a.code],
  );
  let workday = 0;
  // The paying institutions draw from streams of their own, so the others' history is what it was before.
  const payRand = random((opts.seed ?? 2026) + 2);
  const payers = actors.filter((a) => a.prepaid && a.isActive && PROFILES[a.code]);
  const fees = payers.length > 0 ? new LeasedFeeGate(new DbFeeLeaseStore(db), { idleReleaseMs: 0 }) : null;
  const mean = (code: string, day: string) =>
    day < dense ? PROFILES[code]!.perDay / 10 : PROFILES[code]!.perDay;
  // Up to yesterday: today belongs to whoever uses the demo.
  for (let day = first; day < today; day = addDays(day, 1)) {
    if (isWeekend(day)) continue;
    for (const a of payers) await depositOnFirstWorkday(db, a, day, { first, today, mean });
    const entries: AuditEntry[] = [];
    for (const a of actors) {
      const profile = PROFILES[a.code];
      if (!profile) continue;
      const draw = a.prepaid ? payRand : rand;
      const refusedAs: Outcome | null = !a.isActive
        ? 'institution_inactive'
        : a.agreement.status === 'expired' || a.agreement.endDate < day
          ? 'agreement_not_in_force'
          : null;
      for (let n = dayCount(draw, mean(a.code, day), day); n > 0; n--) {
        const method =
          draw() < profile.verification && a.agreement.methods.includes('verification')
            ? 'verification'
            : 'portal';
        const outcome = refusedAs ?? pick(draw, ANSWERED);
        const requested =
          method === 'verification' ? VERIFY_SETS[Math.floor(draw() * VERIFY_SETS.length)]! : [];
        const granted = new Set<string>(a.agreement.elements);
        const protocol = method === 'portal' ? 'v1' : draw() < profile.wire ? 'wire' : 'v1';
        // A v1 client states one of the purposes its agreement grants; a legacy wire client states none and
        // gets the agreement's default (unknown when it was refused before its agreement was looked at).
        const codes = a.agreement.purposeCodes;
        const early = outcome === 'institution_inactive' || outcome === 'login_failed';
        const stated =
          protocol === 'v1' && codes.length > 0
            ? codes[Math.floor((a.prepaid ? payRand : purposeRand)() * codes.length)]!
            : null;
        const purpose = stated ?? (early ? null : a.agreement.defaultPurpose);
        entries.push({
          requestId: randomUUID(),
          protocol,
          method,
          institutionId: a.institutionId,
          accountId: a.operator.id,
          username: a.operator.username,
          nik: nikOf(outcome, draw),
          elementsRequested: requested,
          elementsReturned:
            outcome !== 'found'
              ? []
              : method === 'verification'
                ? requested.filter((e) => granted.has(e))
                : [...a.agreement.elements],
          outcome,
          callerIp: `10.33.${1 + (a.code.length % 200)}.${10 + Math.floor(draw() * 40)}`,
          at: new Date(wibDayStart(day).getTime() + officeSecond(draw) * 1000),
          agreementVersionId: refusedAs === 'institution_inactive' ? null : a.agreement.currentVersionId,
          purpose,
          purposeDefaulted: purpose !== null && stated === null,
        });
      }
    }
    if (workday++ % 3 === 0 && inForce.length > 0)
      entries.push(featuredAccess(featured, inForce, workday, day));
    // In time order, as they would have been written; one day's rows are given to the sink together, so it
    // commits them in a few batches.
    entries.sort((x, y) => x.at!.getTime() - y.at!.getTime());
    const charged = fees ? await charge(fees, entries, payers, day) : entries;
    await Promise.all(charged.map((e) => audit.record(e)));
    written += charged.length;
    if (fees) {
      // The day's rows are committed: the requests are over and their leases settle (by counting the rows).
      await audit.flush();
      for (const e of charged) if (e.fee) fees.done(e.fee);
      await fees.releaseAll();
    }
  }
  fees?.close();
  await audit.flush();
  return written;
}

/**
 * The fee gate's part of a day, in time order: each chargeable answer of a paying institution takes its
 * ticket (put on the audit row, as the gateway does), or is refused `balance_exhausted` without data when the
 * balance cannot pay; after `EMPTY_TRIES` such refusals the operator stops for the day.
 */
async function charge(
  fees: LeasedFeeGate,
  entries: AuditEntry[],
  payers: HistoryActor[],
  day: string,
): Promise<AuditEntry[]> {
  const paying = new Set(payers.map((a) => a.institutionId));
  const chargeable = new Set<string>(CHARGEABLE_OUTCOMES);
  const refusals = new Map<string, number>();
  const out: AuditEntry[] = [];
  for (const e of entries) {
    const inst = e.institutionId!;
    if (!paying.has(inst)) {
      out.push(e);
      continue;
    }
    if ((refusals.get(inst) ?? 0) >= EMPTY_TRIES) continue;
    if (!chargeable.has(e.outcome)) {
      out.push(e);
      continue;
    }
    const ticket = await fees.take(inst, day);
    if (ticket === 'empty') {
      refusals.set(inst, (refusals.get(inst) ?? 0) + 1);
      out.push({ ...e, outcome: 'balance_exhausted', elementsReturned: [] });
    } else out.push({ ...e, fee: ticket });
  }
  return out;
}

/**
 * On the first working day of a month (or of the history), before the current month: the paying institution's
 * deposit for the month, through `recordDeposit` (a SIMPONI billing code as its reference, recorded that
 * morning), sized to `DEPOSIT_SHARE` of the month's expected charges.
 */
async function depositOnFirstWorkday(
  db: Db,
  a: HistoryActor,
  day: string,
  h: { first: string; today: string; mean: (code: string, day: string) => number },
): Promise<void> {
  const month = day.slice(0, 7);
  if (month >= h.today.slice(0, 7)) return;
  for (let d = addDays(day, -1); d >= h.first && d.startsWith(month); d = addDays(d, -1)) {
    if (!isWeekend(d)) return; // not the month's first working day of the history
  }
  const chargeShare =
    ANSWERED.filter(([o]) => CHARGEABLE_OUTCOMES.includes(o)).reduce((s, [, w]) => s + w, 0) /
    ANSWERED.reduce((s, [, w]) => s + w, 0);
  let expected = 0;
  for (let d = day; d.startsWith(month) && d < h.today; d = addDays(d, 1)) {
    if (!isWeekend(d)) expected += h.mean(a.code, d) * (weekdayOf(d) === 5 ? 0.7 : 1) * chargeShare;
  }
  const { rupiah } = await accessTariff(db, a.institutionId, day);
  const amount = Math.floor((expected * rupiah * DEPOSIT_SHARE) / 10_000) * 10_000;
  if (amount <= 0) return;
  await recordDeposit({ db, now: new Date(wibDayStart(day).getTime() + 7.5 * 3600_000) }, SERVER_ACTOR, {
    institutionId: a.institutionId,
    rupiah: amount,
    paymentReference: `SIMPONI-DEMO-${month.replace('-', '')}`,
    paidOn: day,
  });
}

import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import { addMonths } from '../../lib/dates.ts';
import { wibDay, wibDayStart } from '../../lib/time.ts';
import type { Actor } from '../../core/actor.ts';
import { feeClassOf, institutionInScope, rupiah, tariffOn, type Deposit } from './fees.service.ts';
import type { z } from 'zod';
import type { balanceView, feeInstitutionView, revenueView, statementView } from './fees.schema.ts';

/**
 * What an institution's money looks like, read from the records themselves: deposits (fee_deposits) and
 * charges (the audit rows that carry a fee: the per-access charge record). Balance = deposits − charges, the
 * same figure the settled leases give once every lease is settled (fees.test.ts proves it).
 */
export type Balance = z.output<typeof balanceView>;

export const FORECAST_DAYS = 30;

// The WIB day / month of a timestamp column (UTC+7, no daylight saving), without time-zone data.
const wib = (col: string) => `((${col} AT TIME ZONE 'UTC') + interval '7 hours')`;

async function sums(
  db: Db,
  institutionId: string,
  before: Date,
  since: Date | null = null,
): Promise<{ deposits: number; charges: number; accesses: number }> {
  const { rows } = await db.query<{ deposits: string; charges: string; accesses: number }>(
    `SELECT (SELECT coalesce(sum(rupiah), 0) FROM fee_deposits
              WHERE institution_id = $1 AND recorded_at < $2
                AND ($3::timestamptz IS NULL OR recorded_at >= $3))::text AS deposits,
            coalesce(sum(a.fee_rupiah), 0)::text AS charges, count(*)::int AS accesses
       FROM access_audit a
      WHERE a.institution_id = $1 AND a.fee_lease_id IS NOT NULL AND a.at < $2
        AND ($3::timestamptz IS NULL OR a.at >= $3)`,
    [institutionId, before.toISOString(), since?.toISOString() ?? null],
  );
  const r = rows[0]!;
  return { deposits: rupiah(r.deposits), charges: rupiah(r.charges), accesses: r.accesses };
}

export async function getBalance(ctx: ServiceContext, actor: Actor, institutionId: string): Promise<Balance> {
  const { db, now } = ctx;
  await institutionInScope(ctx, actor, institutionId);
  const feeClass = await feeClassOf(db, institutionId);
  const tariff = await tariffOn(db, 'nik_access', feeClass, wibDay(now));
  const all = await sums(db, institutionId, new Date(now.getTime() + 1));
  const recent = await sums(
    db,
    institutionId,
    new Date(now.getTime() + 1),
    new Date(now.getTime() - FORECAST_DAYS * 86_400_000),
  );
  const balance = all.deposits - all.charges;
  const daily = Math.round(recent.charges / FORECAST_DAYS);
  return {
    institutionId,
    feeClass,
    tariffRupiah: tariff,
    depositsRupiah: all.deposits,
    chargesRupiah: all.charges,
    balanceRupiah: balance,
    accessesLeft: tariff > 0 ? Math.floor(balance / tariff) : null,
    recentDailyRupiah: daily,
    daysLeft: recent.charges > 0 ? Math.floor((balance * FORECAST_DAYS) / recent.charges) : null,
  };
}

export type Statement = z.output<typeof statementView>;

/**
 * The monthly statement: opening balance, the month's deposits and charges (per day), closing balance —
 * closing = opening + deposits − charges, each read from its records.
 */
export async function getStatement(
  ctx: ServiceContext,
  actor: Actor,
  { institutionId, month }: { institutionId: string; month: string },
): Promise<Statement> {
  const { db } = ctx;
  const institution = await institutionInScope(ctx, actor, institutionId);
  const start = wibDayStart(`${month}-01`);
  const end = wibDayStart(addMonths(`${month}-01`, 1));
  const before = await sums(db, institutionId, start);
  const { rows: deposits } = await db.query<Deposit & { rupiah: string; recordedAt: Date | string }>(
    `SELECT id, institution_id AS "institutionId", rupiah::text AS rupiah, payment_reference AS "paymentReference",
            to_char(paid_on, 'YYYY-MM-DD') AS "paidOn", recorded_at AS "recordedAt"
       FROM fee_deposits WHERE institution_id = $1 AND recorded_at >= $2 AND recorded_at < $3
      ORDER BY recorded_at, id`,
    [institutionId, start.toISOString(), end.toISOString()],
  );
  const { rows: days } = await db.query<{ day: string; accesses: number; rupiah: string }>(
    `SELECT to_char(${wib('a.at')}, 'YYYY-MM-DD') AS day, count(*)::int AS accesses,
            sum(a.fee_rupiah)::text AS rupiah
       FROM access_audit a
      WHERE a.institution_id = $1 AND a.fee_lease_id IS NOT NULL AND a.at >= $2 AND a.at < $3
      GROUP BY 1 ORDER BY 1`,
    [institutionId, start.toISOString(), end.toISOString()],
  );
  const opening = before.deposits - before.charges;
  const depositList = deposits.map((d) => ({
    ...d,
    rupiah: rupiah(d.rupiah),
    recordedAt: new Date(d.recordedAt).toISOString(),
  }));
  const dayList = days.map((d) => ({ day: d.day, accesses: d.accesses, rupiah: rupiah(d.rupiah) }));
  const depositsRupiah = depositList.reduce((s, d) => s + d.rupiah, 0);
  const chargesRupiah = dayList.reduce((s, d) => s + d.rupiah, 0);
  return {
    institutionId,
    institutionName: institution.name,
    month,
    openingRupiah: opening,
    deposits: depositList,
    depositsRupiah,
    days: dayList,
    accesses: dayList.reduce((s, d) => s + d.accesses, 0),
    chargesRupiah,
    closingRupiah: opening + depositsRupiah - chargesRupiah,
  };
}

export type RevenueRow = Revenue['rows'][number];

export type Revenue = z.output<typeof revenueView>;

/**
 * The registry's revenue: charged accesses per WIB month, institution and managing office, for the months
 * `from`..`to` (YYYY-MM, inclusive), within the actor's area.
 */
export async function getRevenue(
  ctx: ServiceContext,
  actor: Actor,
  range: { from: string; to: string },
): Promise<Revenue> {
  const { db } = ctx;
  const start = wibDayStart(`${range.from}-01`);
  const end = wibDayStart(addMonths(`${range.to}-01`, 1));
  const { rows } = await db.query<RevenueRow & { rupiah: string }>(
    `SELECT to_char(${wib('a.at')}, 'YYYY-MM') AS month, i.id AS "institutionId", i.name AS "institutionName",
            o.id AS "officeId", o.name AS "officeName", count(*)::int AS accesses,
            sum(a.fee_rupiah)::text AS rupiah
       FROM access_audit a
       JOIN institutions i ON i.id = a.institution_id
       JOIN offices o ON o.id = i.office_id
      WHERE a.fee_lease_id IS NOT NULL AND a.at >= $1 AND a.at < $2
        AND ($3::text[] IS NULL OR i.office_id = ANY($3))
        AND ($4::text IS NULL OR i.id = $4)
      GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 3`,
    [
      start.toISOString(),
      end.toISOString(),
      actor.scope.officeIds ?? null,
      actor.scope.institutionId ?? null,
    ],
  );
  const list = rows.map((r) => ({ ...r, rupiah: rupiah(r.rupiah) }));
  const byMonth = new Map<string, { month: string; accesses: number; rupiah: number }>();
  const byOffice = new Map<
    string,
    { officeId: string; officeName: string; accesses: number; rupiah: number }
  >();
  for (const r of list) {
    const m = byMonth.get(r.month) ?? { month: r.month, accesses: 0, rupiah: 0 };
    m.accesses += r.accesses;
    m.rupiah += r.rupiah;
    byMonth.set(r.month, m);
    const o = byOffice.get(r.officeId) ?? {
      officeId: r.officeId,
      officeName: r.officeName,
      accesses: 0,
      rupiah: 0,
    };
    o.accesses += r.accesses;
    o.rupiah += r.rupiah;
    byOffice.set(r.officeId, o);
  }
  return {
    from: range.from,
    to: range.to,
    rows: list,
    byMonth: [...byMonth.values()],
    byOffice: [...byOffice.values()],
    totalRupiah: list.reduce((s, r) => s + r.rupiah, 0),
  };
}

export type FeeInstitution = z.output<typeof feeInstitutionView>;

/** The institutions in the actor's area with their class and balance (deposits − charges), by name. */
export async function listFeeInstitutions(ctx: ServiceContext, actor: Actor): Promise<FeeInstitution[]> {
  const { db } = ctx;
  const { rows } = await db.query<
    Omit<FeeInstitution, 'depositsRupiah' | 'chargesRupiah' | 'balanceRupiah'> & {
      deposits: string;
      charges: string;
    }
  >(
    `SELECT i.id AS "institutionId", i.name, i.office_id AS "officeId",
            coalesce(c.fee_class, 'government') AS "feeClass",
            (SELECT coalesce(sum(rupiah), 0) FROM fee_deposits d WHERE d.institution_id = i.id)::text AS deposits,
            (SELECT coalesce(sum(fee_rupiah), 0) FROM access_audit a
              WHERE a.institution_id = i.id AND a.fee_lease_id IS NOT NULL)::text AS charges
       FROM institutions i LEFT JOIN institution_fee_classes c ON c.institution_id = i.id
      WHERE ($1::text[] IS NULL OR i.office_id = ANY($1)) AND ($2::text IS NULL OR i.id = $2)
      ORDER BY i.name, i.id`,
    [actor.scope.officeIds ?? null, actor.scope.institutionId ?? null],
  );
  return rows.map(({ deposits, charges, ...r }) => ({
    ...r,
    depositsRupiah: rupiah(deposits),
    chargesRupiah: rupiah(charges),
    balanceRupiah: rupiah(deposits) - rupiah(charges),
  }));
}

import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import { addDays } from '../../lib/dates.ts';
import { wibDay } from '../../lib/time.ts';
import type { Actor } from '../../core/actor.ts';
import { returnDataChecks, type Finding } from '../compliance/compliance.service.ts';
import { addWorkingDays, holidaysBetween, workingDaysHorizon } from '../holidays/holidays.ts';
import { coverageByPeriod, currentSchema, missingNiks } from './return-data.repo.ts';
import type { z } from 'zod';
import type { coverageView, ReturnDataSchema } from './return-data.schema.ts';
import { agreementWithSchema } from './return-data.service.ts';

/**
 * Coverage of the return-data obligation: per period, the NIKs accessed (found) under the agreement and how
 * many of them have return data; a period is overdue when its deadline has passed with coverage below the
 * agreement's share. Deadlines: a month or a semester is due 10 working days after it ends (as the semester
 * report); "within N days" is due N days after the end of the month of access.
 */
export const DEADLINE_WORKING_DAYS = 10;

/** The last day of a period ('YYYY-MM' or 'YYYY-S1|S2'). */
export function periodEnd(period: string): string {
  const year = Number(period.slice(0, 4));
  if (period.endsWith('-S1')) return `${year}-06-30`;
  if (period.endsWith('-S2')) return `${year}-12-31`;
  const month = Number(period.slice(5, 7));
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

export function periodDeadline(
  schema: Pick<ReturnDataSchema, 'period' | 'periodDays'>,
  period: string,
  holidays: ReadonlySet<string>,
): string {
  const end = periodEnd(period);
  return schema.period === 'within_days'
    ? addDays(end, schema.periodDays ?? 0)
    : addWorkingDays(end, DEADLINE_WORKING_DAYS, holidays);
}

/** One period's coverage as the API answers it (the zod view is the one source). */
export type PeriodCoverage = z.output<typeof coverageView>['periods'][number];

export async function coverageOf(db: Db, schema: ReturnDataSchema, today: string): Promise<PeriodCoverage[]> {
  const rows = await coverageByPeriod(db, schema.agreementId, schema.period);
  if (rows.length === 0) return [];
  const first = `${rows[0]!.period.slice(0, 4)}-01-01`;
  const holidays = await holidaysBetween(db, first, workingDaysHorizon(today, DEADLINE_WORKING_DAYS));
  return rows.map((r) => {
    const share = r.accessed === 0 ? 1 : r.covered / r.accessed;
    const deadline = periodDeadline(schema, r.period, holidays);
    return { ...r, share, deadline, overdue: deadline < today && share < schema.coverageShare };
  });
}

/** The coverage view of one agreement, in the actor's scope (officers, and the institution itself). */
export async function agreementCoverage(ctx: ServiceContext, actor: Actor, agreementId: string) {
  const { db, now } = ctx;
  const { agreement, schema } = await agreementWithSchema(ctx, actor, agreementId);
  const today = wibDay(now);
  const periods = await coverageOf(db, schema, today);
  return {
    agreementId: agreement.id,
    institutionId: agreement.institutionId,
    coverageShare: schema.coverageShare,
    period: schema.period,
    periodDays: schema.periodDays,
    periods,
    overduePeriods: periods.filter((p) => p.overdue).map((p) => p.period),
  };
}

/** The NIKs of a period that still lack return data (the institution's own accesses: nothing new to it). */
export async function missingOf(
  ctx: ServiceContext,
  actor: Actor,
  { agreementId, period, limit }: { agreementId: string; period: string; limit: number },
) {
  const { db } = ctx;
  const { schema } = await agreementWithSchema(ctx, actor, agreementId);
  return missingNiks(db, agreementId, schema.period, period, limit);
}

/** The compliance engine's return-data check: one breach per overdue period of each agreement in force. */
export async function returnDataFindings(db: Db, institutionId: string, today: string): Promise<Finding[]> {
  const { rows } = await db.query<{ id: string; registryNumber: string }>(
    `SELECT id, registry_number AS "registryNumber" FROM agreements
      WHERE institution_id = $1 AND status IN ('signed', 'active', 'expiring') ORDER BY id`,
    [institutionId],
  );
  const out: Finding[] = [];
  for (const a of rows) {
    const schema = await currentSchema(db, a.id);
    if (!schema) continue;
    for (const p of await coverageOf(db, schema, today)) {
      if (!p.overdue) continue;
      out.push({
        obligation: 'return_data',
        severity: 'breach',
        message:
          `Data balikan PKS ${a.registryNumber} periode ${p.period}: cakupan ${Math.floor(p.share * 100)}% ` +
          `di bawah ${Math.round(schema.coverageShare * 100)}% (batas ${p.deadline})`,
      });
    }
  }
  return out;
}

// Registered once, wherever this module is loaded (the app's routes, the CLI, the jobs).
if (!returnDataChecks.includes(returnDataFindings)) returnDataChecks.push(returnDataFindings);

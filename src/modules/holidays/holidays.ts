import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import { addDays, isWeekend } from '../../lib/dates.ts';
import type { Actor } from '../../core/actor.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { ApiError } from '../../core/errors.ts';

export interface Holiday {
  day: string;
  name: string;
}

/** The public holidays between two days (inclusive), as a set of YYYY-MM-DD. */
export async function holidaysBetween(db: Db, from: string, to: string): Promise<Set<string>> {
  const { rows } = await db.query<{ day: string }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM public_holidays WHERE day BETWEEN $1::date AND $2::date`,
    [from, to],
  );
  return new Set(rows.map((r) => r.day));
}

/** The holiday recorded on `day`, if any. */
async function holidayOn(db: Db, day: string): Promise<Holiday | null> {
  const { rows } = await db.query<Holiday>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, name FROM public_holidays WHERE day = $1::date`,
    [day],
  );
  return rows[0] ?? null;
}

export async function listHolidays(db: Db, year?: number): Promise<Holiday[]> {
  const { rows } = await db.query<Holiday>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, name FROM public_holidays
      WHERE $1::int IS NULL OR extract(year FROM day) = $1 ORDER BY day`,
    [year ?? null],
  );
  return rows;
}

/** Records (or renames) a holiday, with its admin-audit row in the same transaction. */
export async function recordHoliday(ctx: ServiceContext, actor: Actor, h: Holiday): Promise<Holiday> {
  const { db, now } = ctx;
  return db.transaction(async (tx) => {
    const before = await holidayOn(tx, h.day);
    await tx.query(
      `INSERT INTO public_holidays (day, name, recorded_by, recorded_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (day) DO UPDATE SET name = EXCLUDED.name, recorded_by = EXCLUDED.recorded_by,
                                       recorded_at = EXCLUDED.recorded_at`,
      [h.day, h.name, actor.account?.id ?? null, now.toISOString()],
    );
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'holiday.record',
      entityType: 'holiday',
      entityId: h.day,
      officeId: null,
      before,
      after: h,
    });
    return h;
  });
}

export async function removeHoliday(ctx: ServiceContext, actor: Actor, day: string): Promise<void> {
  const { db, now } = ctx;
  await db.transaction(async (tx) => {
    const before = await holidayOn(tx, day);
    if (!before) throw ApiError.of('NOT_FOUND', `No public holiday on ${day}`);
    await tx.query(`DELETE FROM public_holidays WHERE day = $1`, [day]);
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'holiday.remove',
      entityType: 'holiday',
      entityId: day,
      officeId: null,
      before,
      after: null,
    });
  });
}

/** `day` plus `n` working days: Monday to Friday, skipping the given public holidays. */
export function addWorkingDays(day: string, n: number, holidays: ReadonlySet<string> = new Set()): string {
  let d = day;
  while (n > 0) {
    d = addDays(d, 1);
    if (!isWeekend(d) && !holidays.has(d)) n -= 1;
  }
  return d;
}

/**
 * Enough calendar days after `day` to hold `n` working days whatever the holidays (a year's holidays and
 * collective leave are some 25 days, never more than a few weeks in a row).
 */
export function workingDaysHorizon(day: string, n: number): string {
  return addDays(day, n * 2 + 40);
}

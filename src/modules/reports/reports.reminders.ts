import type { Db } from '../../db/db.ts';
import { wibDay } from '../../lib/time.ts';
import { insertNotifications, institutionsUnderAgreement } from '../compliance/compliance.repo.ts';
import { semesterHolidays } from '../compliance/compliance.service.ts';
import { addWorkingDays } from '../holidays/holidays.ts';
import { tanggal } from '../../lib/dates.ts';

/**
 * Reminders before the semester report's deadline (10 working days after June and December): when 5 working
 * days are left and on the last working day before it, the head and admin of each institution whose report
 * of that semester is not yet submitted get an in-app notification — and an e-mail through the
 * notification-email job when they have an address. Each (institution, semester, step) is sent once
 * (semester_report_reminders), so the daily job may run any number of times. After the deadline the
 * compliance engine's finding takes over.
 */
export const REMINDER_STEPS = [
  { step: 'due_in_5', afterWorkingDays: 5, left: 5 },
  { step: 'due_in_1', afterWorkingDays: 9, left: 1 },
] as const;

/** The semester whose report window (its end, exclusive, to its due date, inclusive) holds `today`. */
export function openSemester(
  today: string,
  holidays: ReadonlySet<string>,
): { semester: string; end: string; due: string } | null {
  const year = Number(today.slice(0, 4));
  for (const c of [
    { semester: `${year}-S1`, end: `${year}-06-30` },
    { semester: `${year - 1}-S2`, end: `${year - 1}-12-31` },
  ]) {
    const due = addWorkingDays(c.end, 10, holidays);
    if (c.end < today && today <= due) return { ...c, due };
  }
  return null;
}

export async function runReportReminders(db: Db, now: Date): Promise<{ sent: number }> {
  const today = wibDay(now);
  const holidays = await semesterHolidays(db, today);
  const open = openSemester(today, holidays);
  if (!open) return { sent: 0 };
  const due = REMINDER_STEPS.filter((s) => addWorkingDays(open.end, s.afterWorkingDays, holidays) <= today);
  if (due.length === 0) return { sent: 0 };
  const step = due[due.length - 1]!;
  let sent = 0;
  for (const id of await institutionsUnderAgreement(db)) {
    await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ owes: boolean; name: string }>(
        `SELECT i.name,
                EXISTS (SELECT 1 FROM agreements a WHERE a.institution_id = i.id
                         AND a.status IN ('signed', 'active', 'expiring')
                         AND coalesce(a.signed_on, a.start_date) <= $2::date)
                AND NOT EXISTS (SELECT 1 FROM semester_reports r WHERE r.institution_id = i.id
                                 AND r.semester = $3 AND r.status = 'submitted') AS owes
           FROM institutions i WHERE i.id = $1`,
        [id, open.end, open.semester],
      );
      if (!rows[0]?.owes) return;
      // Once per step; a later step makes the earlier one moot (a job that did not run for days sends one).
      const claimed = await tx.query(
        `INSERT INTO semester_report_reminders (institution_id, semester, step, sent_at)
         SELECT $1, $2, s, $4 FROM unnest($3::text[]) AS s
         ON CONFLICT DO NOTHING RETURNING step`,
        [id, open.semester, due.map((s) => s.step), now.toISOString()],
      );
      if (!claimed.rows.some((r) => (r as { step: string }).step === step.step)) return;
      const people = await tx.query<{ id: string }>(
        `SELECT id FROM user_accounts WHERE institution_id = $1 AND is_active
            AND role IN ('institution_head', 'institution_admin')`,
        [id],
      );
      await insertNotifications(
        tx,
        people.rows.map((p) => p.id),
        {
          subject: `Pengingat: laporan semester ${open.semester} jatuh tempo ${tanggal(open.due)}`,
          body:
            `Laporan semester ${open.semester} ${rows[0].name} belum diajukan. Batas penyampaian ${tanggal(open.due)} ` +
            `(${step.left} hari kerja lagi). Buka Laporan semester di portal Gerbang untuk meninjau dan mengajukannya.`,
          now,
        },
      );
      sent += 1;
    });
  }
  return { sent };
}

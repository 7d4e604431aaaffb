import type { Db } from '../../db/db.ts';
import { tanggal } from '../../lib/dates.ts';
import { wibDay } from '../../lib/time.ts';
import { insertNotifications } from '../compliance/compliance.repo.ts';
import { officersOf } from './data-quality-tickets.repo.ts';

/**
 * The daily job: each ticket still open or in review after its deadline is claimed once
 * (`overdue_notified_at`, so the job may run any number of times) and the officers of the owning office and of
 * the office above it are told — by ticket number and institution, never the NIK (notifications may be e-mailed).
 */
export async function runTicketOverdue(db: Db, now: Date): Promise<{ notified: number }> {
  const today = wibDay(now);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      deadline: string;
      officeId: string;
      parentId: string | null;
      institution: string;
    }>(
      `UPDATE data_quality_tickets t SET overdue_notified_at = $2
         FROM offices o, institutions i
        WHERE o.id = t.owning_office_id AND i.id = t.institution_id
          AND t.state IN ('open', 'in_review') AND t.deadline < $1::date AND t.overdue_notified_at IS NULL
        RETURNING t.id, to_char(t.deadline, 'YYYY-MM-DD') AS deadline, t.owning_office_id AS "officeId",
                  o.parent_id AS "parentId", i.name AS institution`,
      [today, now.toISOString()],
    );
    for (const r of rows) {
      const people = new Set(await officersOf(tx, r.officeId));
      if (r.parentId) for (const id of await officersOf(tx, r.parentId)) people.add(id);
      await insertNotifications(tx, [...people], {
        subject: `Tiket kualitas data ${r.id} melewati tenggat`,
        body: `Tiket dari ${r.institution} belum selesai; tenggatnya ${tanggal(r.deadline)}.`,
        now,
      });
    }
    return { notified: rows.length };
  });
}

import type { Db } from '../../db/db.ts';
import { tanggal } from '../../lib/dates.ts';
import { wibDay } from '../../lib/time.ts';
import type { Finding } from '../compliance/compliance.finding.ts';

/** A compliance finding of a dispute. */
type DisputeFinding = Finding & { obligation: 'dispute_misuse' | 'dispute_answer_missed' };

/**
 * The compliance engine's findings from disputes against an institution:
 * - a breach for each dispute decided `misuse_found` whose finding the office has not closed: the institution
 *   is warned, and suspended if it stays open past the warning's grace (the engine's one warn → suspend path);
 * - a notice for each dispute still undecided that the institution left unanswered past its deadline (the
 *   missed deadline is visible in the compliance view; the decision is the office's to take).
 */
export async function disputeFindings(db: Db, institutionId: string): Promise<DisputeFinding[]> {
  const { rows } = await db.query<{ id: string; state: string; decidedAt: string | null; dueOn: string }>(
    `SELECT id, state, decided_at AS "decidedAt", to_char(answer_due_on, 'YYYY-MM-DD') AS "dueOn"
       FROM disputes
      WHERE institution_id = $1
        AND ((state = 'misuse_found' AND finding_closed_at IS NULL) OR (state = 'awaiting_decision' AND answer_missed))
      ORDER BY opened_at, id`,
    [institutionId],
  );
  return rows.map((r) =>
    r.state === 'misuse_found'
      ? {
          obligation: 'dispute_misuse' as const,
          severity: 'breach' as const,
          message: `Penyalahgunaan akses ditemukan pada sengketa ${r.id} (diputus ${tanggal(wibDay(new Date(r.decidedAt!)))}); temuan belum ditutup`,
        }
      : {
          obligation: 'dispute_answer_missed' as const,
          severity: 'notice' as const,
          message: `Sengketa ${r.id} tidak dijawab sampai batas waktu ${tanggal(r.dueOn)}`,
        },
  );
}

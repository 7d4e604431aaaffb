import type { Db } from '../../db/db.ts';
import { addMonths } from '../../lib/dates.ts';
import type { Finding } from '../compliance/compliance.finding.ts';
import { cardReaderFacts } from './card-readers.repo.ts';

/**
 * The card-reader obligations, as compliance findings:
 * - `card_reader`: under an agreement granting the card-reader method, every work unit has at least one KTP-el
 *   reader within one year (counted from the agreement's signing, or from the unit's registration when later);
 *   a notice in the last month before, a breach after.
 * - `sam_config_return`: a return-the-configuration task (opened when the agreement ended) past its due date
 *   with SAMs whose configuration file has not come back is a breach; before the due date, a notice.
 */
export async function cardReaderFindings(db: Db, institutionId: string, today: string): Promise<Finding[]> {
  const f = await cardReaderFacts(db, institutionId);
  const out: Finding[] = [];
  if (f.grantsCardReader && f.signedOn) {
    const late: string[] = [];
    const soon: string[] = [];
    for (const u of f.unitsWithoutReader) {
      const due = addMonths(u.createdOn > f.signedOn ? u.createdOn : f.signedOn, 12);
      if (due < today) late.push(`${u.name} (batas ${due})`);
      else if (addMonths(today, 1) >= due) soon.push(`${u.name} (batas ${due})`);
    }
    if (late.length > 0) {
      out.push({
        obligation: 'card_reader',
        severity: 'breach',
        message: `Unit kerja tanpa card reader KTP-el: ${late.join(', ')}`,
      });
    }
    if (soon.length > 0) {
      out.push({
        obligation: 'card_reader',
        severity: 'notice',
        message: `Unit kerja wajib memiliki card reader KTP-el: ${soon.join(', ')}`,
      });
    }
  }
  for (const t of f.openTasks) {
    if (t.pending === 0) continue;
    out.push({
      obligation: 'sam_config_return',
      severity: t.dueOn < today ? 'breach' : 'notice',
      message: `File konfigurasi ${t.pending} SAM belum dikembalikan (batas ${t.dueOn})`,
    });
  }
  return out;
}

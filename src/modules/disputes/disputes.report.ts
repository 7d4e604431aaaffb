import { EXTENSION_TITLES, reportExtensions } from '../reports/reports.extensions.ts';
import { disputeCounts, NO_DISPUTES } from './disputes.repo.ts';
import { wibDayStart } from '../../lib/time.ts';
import { addDays } from '../../lib/dates.ts';

/**
 * The semester report's "Pengaduan dan sengketa" section (and the evaluation's checklist item): the residents'
 * disputes of the institution's accesses opened in the semester, by outcome. Counts only, never a NIK. The
 * obligation is met when no dispute of the semester found misuse and none went unanswered past its deadline.
 * Every institution can be disputed, so the section is always `reported` (zero disputes is a real figure).
 */
reportExtensions.disputes = async (db, q) => {
  const c =
    (
      await disputeCounts(db, {
        institutionIds: [q.institutionId],
        from: wibDayStart(q.from).toISOString(),
        to: wibDayStart(addDays(q.to, 1)).toISOString(),
      })
    ).get(q.institutionId) ?? NO_DISPUTES;
  return {
    key: 'disputes',
    status: 'reported',
    title: EXTENSION_TITLES.disputes,
    note: c.opened === 0 ? 'Tidak ada sengketa dari penduduk pada semester ini' : '',
    rows: [
      { label: 'Sengketa diajukan penduduk', value: String(c.opened) },
      { label: 'Masih berjalan', value: String(c.open) },
      { label: 'Tidak dijawab sampai batas waktu', value: String(c.answerMissed) },
      { label: 'Diputus: akses sah', value: String(c.justified) },
      { label: 'Diputus: penyalahgunaan ditemukan', value: String(c.misuseFound) },
    ],
    met: c.misuseFound === 0 && c.answerMissed === 0,
  };
};

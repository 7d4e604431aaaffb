import type { Db } from '../../db/db.ts';
import { wibDay } from '../../lib/time.ts';
import type { Scope } from '../../core/actor.ts';
import { obligationFacts } from '../compliance/compliance.repo.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import { semesterBounds } from './reports.figures.ts';
import { listReports } from './reports.repo.ts';
import { reportDue } from './reports.service.ts';
import type { z } from 'zod';
import type { semesterOverviewRowView } from './reports.schema.ts';

/** How many semesters the overview shows at most (the current one and the five before it). */
export const OVERVIEW_SEMESTERS = 6;

/** One semester of an institution's overview as the API answers it (the zod view is the one source). */
export type SemesterOverviewRow = z.output<typeof semesterOverviewRowView>;
export type SemesterState = SemesterOverviewRow['state'];

export function semesterOf(day: string): string {
  return `${day.slice(0, 4)}-S${Number(day.slice(5, 7)) <= 6 ? 1 : 2}`;
}

export function previousSemester(semester: string): string {
  const year = Number(semester.slice(0, 4));
  return semester.endsWith('S2') ? `${year}-S1` : `${year - 1}-S2`;
}

/**
 * The semesters an institution reports on, newest first: from the semester its first agreement was signed in
 * (or the current one, when none is) to the current one, at most OVERVIEW_SEMESTERS, each with its deadline,
 * its state and its report when there is one. The portal's list of semesters.
 */
export async function semesterOverview(
  db: Db,
  scope: Scope,
  institutionId: string,
  now: Date,
): Promise<SemesterOverviewRow[]> {
  // A list: an institution outside the reader's scope (or none) lists nothing, as the report list does.
  const inst = await loadInstitution(db, institutionId, scope).catch(() => null);
  if (!inst) return [];
  const today = wibDay(now);
  const facts = await obligationFacts(db, inst.id);
  const first = semesterOf(facts.signedOn && facts.signedOn < today ? facts.signedOn : today);
  const reports = new Map((await listReports(db, { institutionId: inst.id })).map((r) => [r.semester, r]));
  const rows: SemesterOverviewRow[] = [];
  for (let s = semesterOf(today); rows.length < OVERVIEW_SEMESTERS && s >= first; s = previousSemester(s)) {
    const { from, to } = semesterBounds(s);
    const due = await reportDue(db, s);
    const r = reports.get(s);
    const state: SemesterState =
      r?.status === 'submitted'
        ? 'submitted'
        : to >= today
          ? 'in_progress'
          : today > due
            ? 'overdue'
            : 'open';
    rows.push({
      semester: s,
      from,
      to,
      due,
      state,
      report: r ? { id: r.id, status: r.status, kind: r.kind, submittedAt: r.submittedAt } : null,
    });
  }
  return rows;
}

import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { TINY_PDF, useTestWorld } from '../../test/fixtures.ts';
import { SERVER_ACTOR } from '../../core/actor.ts';
import { recordHoliday } from '../holidays/holidays.ts';
import { OVERVIEW_SEMESTERS, previousSemester, semesterOf, semesterOverview } from './reports.overview.ts';
import { reportDue, uploadManualReport } from './reports.service.ts';

const t = useTestWorld();
/** A WIB noon of a day, as the injected clock would give it. */
const at = (day: string) => new Date(`${day}T12:00:00+07:00`);

describe('the semesters of an institution (the portal list)', () => {
  it('names semesters from S1/S2 and walks back across years', () => {
    expect(semesterOf('2026-06-30')).toBe('2026-S1');
    expect(semesterOf('2026-07-01')).toBe('2026-S2');
    expect(previousSemester('2026-S1')).toBe('2025-S2');
    expect(previousSemester('2026-S2')).toBe('2026-S1');
  });

  it('gives each semester since the agreement its deadline (holidays skipped) and state', async () => {
    const id = t.world.institution.id;
    // A collective leave day inside S1's reporting window moves its deadline by one working day.
    const before = await reportDue(t.db, '2026-S1');
    await recordHoliday({ db: t.db, now: at('2026-06-01') }, SERVER_ACTOR, {
      day: '2026-07-06',
      name: 'Cuti bersama uji',
    });
    const due = await reportDue(t.db, '2026-S1');
    expect(due > before).toBe(true);

    // Inside the reporting window: S2 is running, S1 is open. The agreement began 2026-01-01: nothing older.
    const july = await semesterOverview(t.db, {}, id, at('2026-07-03'));
    expect(july.map((r) => [r.semester, r.state])).toEqual([
      ['2026-S2', 'in_progress'],
      ['2026-S1', 'open'],
    ]);
    expect(july[1]).toMatchObject({ from: '2026-01-01', to: '2026-06-30', due, report: null });
    // On the due day still open; the next day overdue.
    expect((await semesterOverview(t.db, {}, id, at(due)))[1]!.state).toBe('open');
    const late = await semesterOverview(t.db, {}, id, new Date(at(due).getTime() + 86_400_000));
    expect(late[1]!.state).toBe('overdue');

    // A submitted (manual) report: submitted, with its report.
    await uploadManualReport(
      { db: t.db, now: at('2026-08-03') },
      { ...SERVER_ACTOR, scope: {} },
      {
        institutionId: id,
        semester: '2026-S1',
        document: {
          filename: 'lap.pdf',
          contentType: 'application/pdf',
          base64: TINY_PDF.toString('base64'),
        },
      },
    );
    const after = await semesterOverview(t.db, {}, id, at('2026-08-03'));
    expect(after[1]).toMatchObject({ state: 'submitted', report: { status: 'submitted', kind: 'manual' } });

    // Years later: at most OVERVIEW_SEMESTERS, newest first.
    const later = await semesterOverview(t.db, {}, id, at('2030-02-01'));
    expect(later).toHaveLength(OVERVIEW_SEMESTERS);
    expect(later[0]!.semester).toBe('2030-S1');
  });

  it('is read in scope over HTTP: the head its own institution; another lists nothing', async () => {
    const head = await as(t.app, t.world.head.username);
    const own = await head.get(`/v1/semester-reports/semesters?institutionId=${t.world.institution.id}`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().items.length).toBeGreaterThan(0);
    const other = await head.get(
      `/v1/semester-reports/semesters?institutionId=${t.world.other.institution.id}`,
    );
    expect(other.statusCode).toBe(200);
    expect(other.json().items).toEqual([]);
    expect((await head.get('/v1/semester-reports/semesters')).statusCode).toBe(400);
  });
});

import { describe, expect, it } from 'vitest';
import { as } from '../../test/admin-client.ts';
import { useTestWorld } from '../../test/fixtures.ts';
import { lastDueSemester, semesterHolidays } from '../compliance/compliance.service.ts';
import { addWorkingDays } from './holidays.ts';

const t = useTestWorld();

describe('public holidays', () => {
  it('are not working days: a deadline of 10 working days moves past them', () => {
    // 30 June 2026 is a Tuesday: ten weekdays later is Tuesday 14 July.
    expect(addWorkingDays('2026-06-30', 10)).toBe('2026-07-14');
    expect(addWorkingDays('2026-06-30', 10, new Set(['2026-07-01', '2026-07-10']))).toBe('2026-07-16');
    // A holiday on a Saturday changes nothing.
    expect(addWorkingDays('2026-06-30', 10, new Set(['2026-07-04']))).toBe('2026-07-14');
  });

  it('the central office records them (audited); the semester-report deadline follows', async () => {
    const central = await as(t.app, t.world.officer.username);
    const office = await as(t.app, t.world.provinceOfficer.username);
    const operator = await as(t.app, t.world.operator.username);
    expect(lastDueSemester('2026-07-15', await semesterHolidays(t.db, '2026-07-15'))).toMatchObject({
      semester: '2026-S1',
      due: '2026-07-14',
    });

    const added = await central.post('/v1/holidays', { day: '2026-07-07', name: 'Hari libur uji' });
    expect(added.statusCode, added.body).toBe(201);
    expect(
      (await office.post('/v1/holidays', { day: '2026-07-08', name: 'Bukan wewenang' })).statusCode,
    ).toBe(403);
    expect(
      (await central.post('/v1/holidays', { day: '2026-13-01', name: 'Tanggal salah' })).statusCode,
    ).toBe(400);
    const listed = await operator.get('/v1/holidays?year=2026');
    expect(listed.json().items).toEqual([{ day: '2026-07-07', name: 'Hari libur uji' }]);

    // With the holiday the report of 2026-S1 is due a working day later, so on 15 July it is not yet late.
    const holidays = await semesterHolidays(t.db, '2026-07-15');
    expect(lastDueSemester('2026-07-15', holidays)).toMatchObject({ semester: '2025-S2' });
    expect(lastDueSemester('2026-07-16', holidays)).toMatchObject({ semester: '2026-S1', due: '2026-07-15' });

    const audit = await central.get('/v1/admin-audit?entityType=holiday');
    expect(audit.json().items[0]).toMatchObject({ action: 'holiday.record', entityId: '2026-07-07' });
    expect((await central.delete('/v1/holidays/2026-07-07')).statusCode).toBe(204);
    expect((await central.delete('/v1/holidays/2026-07-07')).statusCode).toBe(404);
    expect((await operator.get('/v1/holidays')).json().items).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTestWorld } from '../../test/fixtures.ts';
import { HIT_OUTCOMES, OUTCOME_NAMES, type Outcome } from '../access/outcomes.ts';
import { BatchedAuditSink } from '../audit/audit.sink.ts';
import { runDueJobs } from '../jobs/jobs.ts';
import { semesterBounds, semesterFigures } from './reports.figures.ts';
import { rollUpAudit, rollupWatermark } from './reports.rollup.ts';
import { semesterSummary } from './reports.summary.ts';

const t = useTestWorld();
const SEM = '2026-S1';
const B = semesterBounds(SEM);

interface Row {
  at: Date;
  method: 'verification' | 'portal';
  outcome: Outcome;
  own: boolean;
}

// Inside the semester, on its edges, and just outside it.
const rowArb: fc.Arbitrary<Row> = fc.record({
  at: fc.oneof(
    fc
      .integer({ min: B.start.getTime() - 3 * 86_400_000, max: B.end.getTime() + 3 * 86_400_000 })
      .map((ms) => new Date(ms)),
    fc.constantFrom(B.start, B.end, new Date(B.start.getTime() - 1), new Date(B.end.getTime() - 1)),
  ),
  method: fc.constantFrom('verification' as const, 'portal' as const),
  outcome: fc.constantFrom(...OUTCOME_NAMES),
  own: fc.boolean(),
});

let n = 0;
async function write(rows: Row[]) {
  const sink = new BatchedAuditSink(t.db);
  await Promise.all(
    rows.map((r) => {
      n += 1;
      const inst = r.own ? t.world.institution : t.world.other.institution;
      return sink.record({
        requestId: `req-rollup-${n}`,
        protocol: 'v1',
        method: r.method,
        institutionId: inst.id,
        accountId: null,
        username: null,
        nik: '3301015403910001',
        elementsRequested: [],
        elementsReturned: [],
        outcome: r.outcome,
        callerIp: '10.33.1.1',
        at: r.at,
      });
    }),
  );
  await sink.flush();
}

/** The summary row of each institution counted by hand from the rows written. */
function byHand(rows: Row[], own: boolean) {
  const inside = rows.filter((r) => r.own === own && r.at >= B.start && r.at < B.end);
  const hit = (r: Row) => HIT_OUTCOMES.includes(r.outcome);
  return {
    attempts: inside.length,
    hits: inside.filter(hit).length,
    refused: inside.filter((r) => !hit(r)).length,
    verification: inside.filter((r) => hit(r) && r.method === 'verification').length,
    portal: inside.filter((r) => hit(r) && r.method === 'portal').length,
  };
}

describe('the daily roll-up of the audit', () => {
  it('equals the hand count before, between and after roll-ups, backdated rows included (property)', async () => {
    const all: Row[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { maxLength: 25 }),
        fc.array(rowArb, { maxLength: 25 }),
        fc.boolean(),
        async (first, second, rollBetween) => {
          await write(first);
          all.push(...first);
          if (rollBetween) await rollUpAudit(t.db, new Date());
          // Rows written after a roll-up, on days it has already counted (any `at`), are counted live.
          await write(second);
          all.push(...second);
          for (const check of [false, true]) {
            if (check) await rollUpAudit(t.db, new Date());
            const summary = await semesterSummary(t.db, {}, SEM);
            for (const own of [true, false]) {
              const id = own ? t.world.institution.id : t.world.other.institution.id;
              const row = summary.institutions.find((r) => r.institutionId === id)!;
              expect(row).toMatchObject(byHand(all, own));
              // And the institution's own report says the same.
              const figures = await semesterFigures(t.db, id, SEM, new Date());
              expect(row.hits).toBe(figures.totals.hits);
              expect(row.attempts).toBe(figures.totals.attempts);
            }
          }
        },
      ),
      { numRuns: 12 },
    );
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_daily');
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it('moves its watermark to the last committed row, runs every five minutes, and counts a row once', async () => {
    await write([
      { at: new Date(B.start.getTime() + 5 * 86_400_000), method: 'portal', outcome: 'found', own: true },
    ]);
    const { rows } = await t.db.query<{ max: string }>('SELECT max(id)::text AS max FROM access_audit');
    const now = new Date('2026-12-03T05:10:00Z');
    await runDueJobs(t.db, now);
    expect(await rollupWatermark(t.db)).toBe(Number(rows[0]!.max));
    // A second roller finds nothing new; the counts do not change.
    const before = await semesterSummary(t.db, {}, SEM);
    expect(await rollUpAudit(t.db, now)).toMatchObject({
      from: Number(rows[0]!.max),
      through: Number(rows[0]!.max),
    });
    expect(await semesterSummary(t.db, {}, SEM)).toEqual(before);
    // The job's next run is due in the next five minutes, not the next hour.
    const ran = async (at: string) =>
      (await runDueJobs(t.db, new Date(at))).some((r) => r.job === 'audit-rollup' && r.ok);
    expect(await ran('2026-12-03T05:14:59Z')).toBe(false);
    expect(await ran('2026-12-03T05:15:00Z')).toBe(true);
  });

  it('is scoped: an office sees only its institutions', async () => {
    const summary = await semesterSummary(t.db, { officeIds: [t.world.province.id] }, SEM);
    expect(summary.institutions.map((r) => r.institutionId)).toEqual([t.world.institution.id]);
  });
});

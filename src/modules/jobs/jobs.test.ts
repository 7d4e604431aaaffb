import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/db.ts';
import { createTestDb } from '../../test/db.ts';
import { listRuns } from './jobs.repo.ts';
import { runDueJobs, type JobDefinition } from './jobs.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db?.close();
});

describe('the job scheduler', () => {
  it('runs each run key once, however many callers tick at once; the next key runs again', async () => {
    let calls = 0;
    const job: JobDefinition = {
      name: 'count',
      runKey: (now) => now.toISOString().slice(0, 10),
      handler: async () => {
        calls += 1;
        return { calls };
      },
    };
    const day1 = new Date('2026-03-01T03:00:00Z');
    const results = await Promise.all([1, 2, 3, 4].map(() => runDueJobs(db, day1, [job])));
    expect(results.flat()).toHaveLength(1);
    expect(calls).toBe(1);
    expect(await runDueJobs(db, new Date('2026-03-01T20:00:00Z'), [job])).toHaveLength(0);
    expect(await runDueJobs(db, new Date('2026-03-02T03:00:00Z'), [job])).toHaveLength(1);
    expect(calls).toBe(2);
    const runs = await listRuns(db, 10);
    expect(runs.filter((r) => r.job === 'count').map((r) => r.status)).toEqual(['done', 'done']);
  });

  it('retries a failed run on the next tick, and records the error', async () => {
    let fail = true;
    const job: JobDefinition = {
      name: 'flaky',
      runKey: () => 'once',
      handler: async () => {
        if (fail) throw new Error('sementara gagal');
        return 'ok';
      },
    };
    const now = new Date('2026-03-03T00:00:00Z');
    expect(await runDueJobs(db, now, [job])).toEqual([{ job: 'flaky', runKey: 'once', ok: false }]);
    expect((await listRuns(db, 10)).find((r) => r.job === 'flaky')).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('sementara gagal'),
    });
    fail = false;
    expect(await runDueJobs(db, now, [job])).toMatchObject([{ ok: true, result: 'ok' }]);
    expect((await listRuns(db, 10)).find((r) => r.job === 'flaky')).toMatchObject({
      status: 'done',
      attempts: 2,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { testConfig } from '../../test/fixtures.ts';
import {
  BatchingDetector,
  MisuseEngine,
  runCalls,
  type DetectorCall,
  type HitEvent,
} from './misuse.engine.ts';
import { threadDetector } from './misuse.thread-client.ts';
import { MemoryWindowStore } from './misuse.window.ts';

const T0 = Date.parse('2026-12-03T02:00:00Z');
const hit = (i: number, accountId = 'acc-1'): HitEvent => ({
  accountId,
  institutionId: 'ins-1',
  at: T0 + i * 100,
  // A synthetic NIK of one kecamatan; serials far apart, so only the burst pattern can match.
  nik: `320101010190${String(1000 + i * 7).padStart(4, '0')}`,
  familyCard: null,
});

describe('BatchingDetector', () => {
  it('sends the calls of one turn as one batch and answers each call with its own findings, in order', async () => {
    const sent: DetectorCall[][] = [];
    const engine = new MisuseEngine({ store: new MemoryWindowStore(1000), misuse: testConfig.misuse });
    const detector = new BatchingDetector((calls) => {
      sent.push(calls);
      return runCalls(engine, calls);
    });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => detector.hit(hit(i))));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toHaveLength(40);
    // More than burstMax (30) requests in the window: the 31st completes the burst, once per window.
    const max = testConfig.misuse.burstMax;
    expect(answers.map((a) => a.length)).toEqual(answers.map((_, i) => (i === max ? 1 : 0)));
    expect(answers[max]![0]!.detection.reason).toBe('burst');
  });

  it('fails the calls of a batch whose sending fails, and goes on with the next', async () => {
    let fail = true;
    const detector = new BatchingDetector(async (calls) => {
      if (fail) throw new Error('gone');
      return calls.map(() => []);
    });
    await expect(detector.hit(hit(0))).rejects.toThrow('gone');
    fail = false;
    await expect(detector.hit(hit(1))).resolves.toEqual([]);
  });
});

describe('the detector thread', () => {
  it('runs the patterns in another thread and answers findings as plain data', async () => {
    const detector = threadDetector(testConfig.misuse, 'secret');
    try {
      const answers = await Promise.all(Array.from({ length: 35 }, (_, i) => detector.hit(hit(i))));
      const found = answers.flat();
      expect(found).toHaveLength(1);
      expect(found[0]!.detection).toMatchObject({ reason: 'burst', evidence: { scope: 'account' } });
      // The evidence crossed the thread boundary rendered (the NIKs and times of the window).
      expect(found[0]!.detection.evidence.events.length).toBeGreaterThan(testConfig.misuse.burstMax);
      expect(found[0]!.detection.evidence.events[0]).toEqual({
        nik: hit(0).nik,
        at: new Date(T0).toISOString(),
        accountId: 'acc-1',
      });
      // A second account's windows are its own.
      expect((await detector.hit(hit(0, 'acc-2'))).length).toBe(0);
    } finally {
      await detector.close();
    }
  });

  it('starts a new thread after the old one stopped', async () => {
    const detector = threadDetector(testConfig.misuse, 'secret');
    expect(await detector.hit(hit(0))).toEqual([]);
    await detector.close();
    expect(await detector.hit(hit(1))).toEqual([]);
    await detector.close();
  });
});

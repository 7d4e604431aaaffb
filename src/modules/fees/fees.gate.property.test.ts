import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeasedFeeGate, type FeeLeaseStore, type FeeTicket, type LeaseGrant } from './fees.gate.ts';

/**
 * The gate's bookkeeping against a store kept in memory with the database store's rules (reserve on lease,
 * settle by counting the "audit rows" that carry the lease): for any interleaving of takes, answers
 * written or failed, releases and settlements, the balance is never overdrawn, nothing is charged twice, and
 * once everything is settled the charges are exactly the written rows × tariff.
 */
class MemoryStore implements FeeLeaseStore {
  balance: number;
  reserved = 0;
  readonly leases = new Map<string, { units: number; settled: boolean; charged: number }>();
  /** The audit rows written, by lease. */
  readonly rows = new Map<string, number>();
  private n = 0;
  constructor(
    deposit: number,
    readonly unit: number,
  ) {
    this.balance = deposit;
  }
  async lease(_institutionId: string, _day: string, want: number): Promise<LeaseGrant> {
    await Promise.resolve();
    const affordable = Math.floor((this.balance - this.reserved) / this.unit);
    const units = affordable <= 0 ? 0 : Math.max(1, Math.min(want, Math.floor(affordable / 8)));
    if (units === 0) return { kind: 'empty' };
    const leaseId = `fls_${++this.n}`;
    this.leases.set(leaseId, { units, settled: false, charged: 0 });
    this.reserved += units * this.unit;
    expect(this.reserved).toBeLessThanOrEqual(this.balance);
    return { kind: 'lease', leaseId, unitRupiah: this.unit, units };
  }
  async settle(leaseId: string): Promise<void> {
    await Promise.resolve();
    const l = this.leases.get(leaseId)!;
    if (l.settled) return;
    l.settled = true;
    l.charged = this.rows.get(leaseId) ?? 0;
    expect(l.charged).toBeLessThanOrEqual(l.units);
    this.balance -= l.charged * this.unit;
    this.reserved -= l.units * this.unit;
  }
  async settleExpired(): Promise<number> {
    return 0;
  }
}

describe('LeasedFeeGate (property)', () => {
  it('never overdraws, never charges past the rows written, and settles to exactly rows × tariff', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('take' as const), written: fc.boolean(), later: fc.boolean() }),
            fc.record({ op: fc.constant('release' as const) }),
          ),
          { maxLength: 80 },
        ),
        async (units, block, ops) => {
          const store = new MemoryStore(units * 1000, 1000);
          const gate = new LeasedFeeGate(store, { block, idleReleaseMs: 0 });
          const pending: { ticket: FeeTicket; written: boolean }[] = [];
          let served = 0;
          let refused = 0;
          const finish = (p: { ticket: FeeTicket; written: boolean }) => {
            if (p.written) store.rows.set(p.ticket.leaseId, (store.rows.get(p.ticket.leaseId) ?? 0) + 1);
            gate.done(p.ticket);
          };
          for (const o of ops) {
            if (o.op === 'release') {
              await gate.releaseAll();
              continue;
            }
            const t = await gate.take('ins_x', '2026-12-01');
            if (t === 'empty') {
              refused += 1;
              continue;
            }
            expect(t).not.toBeNull();
            served += 1;
            const p = { ticket: t!, written: o.written };
            // Some requests are still in flight while others take and release.
            if (o.later) pending.push(p);
            else finish(p);
          }
          for (const p of pending) finish(p);
          await gate.releaseAll();
          gate.close();
          const written = [...store.rows.values()].reduce((s, n) => s + n, 0);
          // Served includes answers whose audit row failed (not charged): the written ones are what was paid.
          expect(written).toBeLessThanOrEqual(units);
          expect(written).toBeLessThanOrEqual(served);
          expect(store.reserved).toBe(0);
          expect([...store.leases.values()].every((l) => l.settled)).toBe(true);
          expect(units * 1000 - store.balance).toBe(written * 1000);
          expect(store.balance).toBeGreaterThanOrEqual(0);
          // With nothing in flight at the end, a refusal means the balance was spent or held by a lease.
          if (refused > 0 && pending.length === 0) expect(units * 1000 - store.balance).toBe(units * 1000);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('LeasedFeeGate (a busy institution)', () => {
  it('asks for the next lease before the current one is used up, and for larger blocks while they go fast', async () => {
    const store = new MemoryStore(10_000_000 * 1000, 1000);
    const asked: number[] = [];
    const lease = store.lease.bind(store);
    // Each lease request is held until the test lets it go, so a take that waits on the store shows.
    const held: (() => void)[] = [];
    store.lease = async (i, d, want) => {
      asked.push(want);
      await new Promise<void>((go) => held.push(go));
      return lease(i, d, want);
    };
    let t = 0;
    const gate = new LeasedFeeGate(store, { block: 100, maxBlock: 1600, idleReleaseMs: 0, now: () => t });
    const first = gate.take('ins_x', '2026-12-01');
    while (held.length === 0) await new Promise((r) => setImmediate(r));
    held.shift()!();
    const firstTicket = await first;
    expect(firstTicket).not.toBe('empty');
    gate.done(firstTicket as FeeTicket);
    let waited = 0;
    for (let i = 1; i < 3000; i++) {
      t += 1; // 1 ms per take: every block is used up well within a second
      let answered = false;
      const p = gate.take('ins_x', '2026-12-01').then((r) => {
        answered = true;
        return r;
      });
      await Promise.resolve();
      await Promise.resolve();
      if (!answered) {
        waited += 1;
        while (!answered) {
          held.shift()?.();
          await new Promise((r) => setImmediate(r));
        }
      }
      const r = await p;
      expect(r).not.toBeNull();
      expect(r).not.toBe('empty');
      gate.done(r as FeeTicket);
      // The lease asked ahead is answered at once (the database is quick).
      while (held.length > 0) held.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    // Only the very first take waited on the store; every later lease was there before it was needed.
    expect(waited).toBe(0);
    expect(asked).toEqual([100, 200, 400, 800, 1600, 1600]);
    await gate.releaseAll();
    expect(store.reserved).toBe(0);
    gate.close();
  });
});

import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import { grantSize } from '../quota/quota.ts';

/**
 * Charging an access (PP 10/2023) on the hot path, the way quota hits are served: from blocks leased in the
 * database, so one charge is a decrement in memory.
 *
 * - A lease reserves `units × unit_rupiah` of the institution's prepaid balance for one process and one WIB
 *   day (row lock on `fee_accounts`; `reserved ≤ balance` is a CHECK), so no process serves more than the
 *   balance can pay: never overdrawn.
 * - Each charged answer's audit row carries the lease ID and the tariff (the per-access charge record); the
 *   audit row commits before the answer goes out.
 * - A lease is settled once no request taken from it is still in flight: `units_charged` is the number of
 *   audit rows that carry the lease — counted, not remembered — the balance loses exactly that many tariffs and
 *   the reservation is lifted. So the sum of charges is the chargeable audit rows × tariff, whatever failed in
 *   between (an audit write that failed left no row and costs nothing).
 * - A process that crashes leaves its leases open; any process settles a lease open longer than `expiryMs`
 *   the same way (by counting its audit rows). An audit row committed after that would go uncharged: a crash
 *   may under-charge, never over-charge.
 */
export interface FeeTicket {
  leaseId: string;
  rupiah: number;
}

export interface FeeGate {
  /**
   * The charge of one chargeable answer for `institutionId` on the WIB day `day`: a ticket (to put on the
   * audit row, then `done`), `null` when the institution pays nothing (government, or a tariff of Rp0), or
   * `'empty'` when its balance cannot pay.
   */
  take(institutionId: string, day: string): Promise<FeeTicket | null | 'empty'>;
  /** The request that took `ticket` is over (its audit row written, or not). Never throws. */
  done(ticket: FeeTicket): void;
  /** Settles every lease (shutdown; a deposit or classification changed); forgets cached decisions. */
  releaseAll(): Promise<void>;
  close(): void;
}

export type LeaseGrant =
  | { kind: 'free' }
  | { kind: 'empty' }
  | { kind: 'lease'; leaseId: string; unitRupiah: number; units: number };

export interface FeeLeaseStore {
  lease(institutionId: string, day: string, want: number): Promise<LeaseGrant>;
  /** Settles a lease by counting its audit rows; a no-op when it is settled already. */
  settle(leaseId: string, by: 'release' | 'expiry'): Promise<void>;
  /** Settles leases open longer than `olderThanMs` (their process is gone); returns how many. */
  settleExpired(olderThanMs: number): Promise<number>;
}

/** An institution's class and the nik_access tariff of that class on `day`: what one access costs. */
export async function accessTariff(
  db: Db,
  institutionId: string,
  day: string,
): Promise<{ feeClass: 'government' | 'profit_oriented'; rupiah: number }> {
  const { rows } = await db.query<{ fee_class: 'government' | 'profit_oriented'; rupiah: string | null }>(
    `SELECT c.fee_class,
            (SELECT t.rupiah FROM fee_tariffs t
              WHERE t.item = 'nik_access' AND t.fee_class = c.fee_class AND t.effective_from <= $2::date
              ORDER BY t.effective_from DESC LIMIT 1) AS rupiah
       FROM (SELECT coalesce((SELECT fee_class FROM institution_fee_classes WHERE institution_id = $1),
                             'government') AS fee_class) c`,
    [institutionId, day],
  );
  const r = rows[0]!;
  return { feeClass: r.fee_class, rupiah: r.rupiah === null ? 0 : Number(r.rupiah) };
}

export class DbFeeLeaseStore implements FeeLeaseStore {
  constructor(private readonly db: Db) {}

  async lease(institutionId: string, day: string, want: number): Promise<LeaseGrant> {
    const tariff = await accessTariff(this.db, institutionId, day);
    if (tariff.feeClass !== 'profit_oriented' || tariff.rupiah <= 0) return { kind: 'free' };
    const unit = tariff.rupiah;
    return this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO fee_accounts (institution_id) VALUES ($1) ON CONFLICT DO NOTHING', [
        institutionId,
      ]);
      const { rows } = await tx.query<{ available: string }>(
        `SELECT (balance - reserved)::text AS available FROM fee_accounts WHERE institution_id = $1 FOR UPDATE`,
        [institutionId],
      );
      // Whole accesses only: bigint arithmetic in the database, a safe integer here.
      const affordable = Number(BigInt(rows[0]!.available) / BigInt(unit));
      // Near the end of the balance, blocks shrink (as quota leases do near the limit), so little is
      // stranded in another process's lease while this one is refused.
      const units = grantSize(affordable, 0, want);
      if (units <= 0) return { kind: 'empty' } as const;
      const leaseId = newId('fls');
      await tx.query(
        `INSERT INTO fee_leases (id, institution_id, day, unit_rupiah, units_granted)
         VALUES ($1, $2, $3, $4, $5)`,
        [leaseId, institutionId, day, unit, units],
      );
      await tx.query(
        'UPDATE fee_accounts SET reserved = reserved + $2::bigint * $3::bigint WHERE institution_id = $1',
        [institutionId, unit, units],
      );
      return { kind: 'lease', leaseId, unitRupiah: unit, units } as const;
    });
  }

  async settle(leaseId: string, by: 'release' | 'expiry'): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ institution_id: string }>(
        'SELECT institution_id FROM fee_leases WHERE id = $1 AND settled_at IS NULL FOR UPDATE',
        [leaseId],
      );
      if (rows.length === 0) return;
      await tx.query(
        `UPDATE fee_leases l
            SET units_charged = (SELECT count(*) FROM access_audit a WHERE a.fee_lease_id = l.id),
                settled_at = now(), settled_by = $2
          WHERE l.id = $1`,
        [leaseId, by],
      );
      await tx.query(
        `UPDATE fee_accounts f
            SET balance = f.balance - l.units_charged::bigint * l.unit_rupiah,
                reserved = f.reserved - l.units_granted::bigint * l.unit_rupiah
           FROM fee_leases l
          WHERE l.id = $1 AND f.institution_id = l.institution_id`,
        [leaseId],
      );
    });
  }

  async settleExpired(olderThanMs: number): Promise<number> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT id FROM fee_leases
        WHERE settled_at IS NULL AND opened_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY opened_at LIMIT 100`,
      [olderThanMs],
    );
    for (const r of rows) await this.settle(r.id, 'expiry');
    return rows.length;
  }
}

interface LeaseState {
  id: string;
  unitRupiah: number;
  asked: number;
  granted: number;
  remaining: number;
  inFlight: number;
  openedAt: number;
  /** When it was used up or became too old to serve from. */
  endedAt: number | null;
  lastUsed: number;
  retired: boolean;
}

interface Slot {
  institutionId: string;
  day: string;
  lease: LeaseState | null;
  /** The lease taken ahead (see `take`), served from once `lease` is used up. */
  next: LeaseState | null;
  /** The one lease request in flight for this slot (ahead of need, or because the slot has nothing). */
  refilling: Promise<void> | null;
  /** The retirement of the lease last used up, awaited before leasing anew from nothing. */
  retiring: Promise<void> | null;
  /** The block asked for next: grows while leases are used up fast, shrinks while they last long. */
  want: number;
  /** The lease used up last, and the lease `want` was last sized by (each sizes it once). */
  previous: LeaseState | null;
  sizedBy: LeaseState | null;
  /** No lease is taken ahead before this time (the last ahead-of-need request found nothing to lease). */
  aheadAfter: number;
  /** A decision kept for a while: the institution pays nothing, or its balance is empty. */
  decided: { kind: 'free' | 'empty'; at: number } | null;
}

export class LeasedFeeGate implements FeeGate {
  private readonly slots = new Map<string, Slot>();
  private readonly live = new Map<string, LeaseState>();
  /** Settlements that failed (the database away): tried again by the timer; expiry settles them anyway. */
  private readonly unsettled = new Set<string>();
  private readonly settling = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout | null;

  constructor(
    private readonly store: FeeLeaseStore,
    private readonly opts: {
      /** The first block asked for (and the least). */
      block?: number;
      /** The largest block asked for (the store grants less near the end of a balance). */
      maxBlock?: number;
      /** A lease used up faster than this makes the next block twice as large; one lasting 4× as long halves it. */
      targetLeaseMs?: number;
      /** A lease unused this long is settled. */
      idleReleaseMs?: number;
      /** A lease is served from at most this long, then settled and replaced. */
      maxLeaseMs?: number;
      /** Leases open longer than this (a crashed process's) are settled by whoever sees them. */
      expiryMs?: number;
      /** How long a "pays nothing" or "balance empty" answer is kept. */
      decisionMs?: number;
      now?: () => number;
    } = {},
  ) {
    const idle = opts.idleReleaseMs ?? 1000;
    this.timer =
      idle > 0
        ? setInterval(() => {
            this.retireWhere((l) => l.lastUsed < this.now() - idle);
            void this.retry().catch(() => {});
            void this.store.settleExpired(this.opts.expiryMs ?? 10 * 60_000).catch(() => {});
          }, idle)
        : null;
    this.timer?.unref();
  }

  /**
   * One charge, taken from the slot's lease in memory. Two things keep a busy institution from waiting on the
   * database (every request would otherwise stall on each lease's round trip, all of them behind one row
   * lock): the next lease is asked for when a quarter of the current one is left, and the block grows while
   * leases are used up within `targetLeaseMs` (up to `maxBlock`). A larger block only holds more of the
   * balance in reserve: the store still grants at most an eighth of what is affordable, and charges are still
   * the audit rows counted at settlement.
   */
  async take(institutionId: string, day: string): Promise<FeeTicket | null | 'empty'> {
    const key = `${institutionId}|${day}`;
    const block = this.opts.block ?? 100;
    for (;;) {
      let slot = this.slots.get(key);
      if (!slot) {
        slot = {
          institutionId,
          day,
          lease: null,
          next: null,
          refilling: null,
          retiring: null,
          want: block,
          previous: null,
          sizedBy: null,
          aheadAfter: 0,
          decided: null,
        };
        this.slots.set(key, slot);
      }
      const now = this.now();
      if (slot.decided && now - slot.decided.at < (this.opts.decisionMs ?? 1000)) {
        return slot.decided.kind === 'free' ? null : 'empty';
      }
      const lease = slot.lease;
      if (lease && lease.remaining > 0 && now - lease.openedAt < (this.opts.maxLeaseMs ?? 60_000)) {
        lease.remaining -= 1;
        lease.inFlight += 1;
        lease.lastUsed = now;
        // Not ahead when the store granted less than asked: the balance is nearly spent.
        const full = lease.granted >= lease.asked;
        if (
          full &&
          lease.remaining * 4 <= lease.granted &&
          !slot.next &&
          !slot.refilling &&
          now >= slot.aheadAfter
        ) {
          void this.refill(slot).catch(() => {});
        }
        return { leaseId: lease.id, rupiah: lease.unitRupiah };
      }
      if (lease) {
        // Used up (or too old): no more takes from it.
        slot.lease = null;
        lease.endedAt = now;
        slot.previous = lease;
        slot.retiring = this.retire(lease);
      }
      if (slot.next) {
        slot.lease = slot.next;
        slot.next = null;
        continue;
      }
      await this.refill(slot);
    }
  }

  /**
   * The block to ask for, from the pace of the lease being replaced (the current one when asking ahead, else
   * the one used up last): doubled when at that pace it lasts less than `targetLeaseMs`, halved when it lasts
   * more than four times as long, within [`block`, `maxBlock`].
   */
  private resize(slot: Slot): number {
    const basis = slot.lease ?? slot.previous;
    if (basis && basis !== slot.sizedBy) {
      slot.sizedBy = basis;
      const block = this.opts.block ?? 100;
      const target = this.opts.targetLeaseMs ?? 1000;
      const used = basis.granted - basis.remaining;
      const elapsed = Math.max(1, (basis.endedAt ?? this.now()) - basis.openedAt);
      const lifetime = used > 0 ? (elapsed * basis.granted) / used : Infinity;
      if (lifetime < target) slot.want = Math.min(slot.want * 2, this.opts.maxBlock ?? 100 * block);
      else if (lifetime > 4 * target) slot.want = Math.max(block, Math.floor(slot.want / 2));
    }
    return slot.want;
  }

  /**
   * Asks the store for a lease for `slot`, once at a time. The grant becomes the slot's lease when it has none
   * (the used-up one is retired first, so its unused reservation is free again for this one), otherwise the
   * lease taken ahead.
   */
  private refill(slot: Slot): Promise<void> {
    slot.refilling ??= (async () => {
      try {
        const ahead = slot.lease !== null;
        if (!ahead) await slot.retiring;
        const want = this.resize(slot);
        const grant = await this.store.lease(slot.institutionId, slot.day, want);
        if (grant.kind !== 'lease') {
          // Asked ahead of need, "nothing to lease" decides nothing: the current lease still held its
          // reservation then. Not asked ahead again for a while; once the current lease is used up (and its
          // unused reservation freed), the slot asks afresh and that answer decides.
          if (ahead) slot.aheadAfter = this.now() + (this.opts.decisionMs ?? 1000);
          else slot.decided = { kind: grant.kind, at: this.now() };
          return;
        }
        const state: LeaseState = {
          id: grant.leaseId,
          unitRupiah: grant.unitRupiah,
          asked: want,
          granted: grant.units,
          remaining: grant.units,
          inFlight: 0,
          openedAt: this.now(),
          endedAt: null,
          lastUsed: this.now(),
          retired: false,
        };
        this.live.set(state.id, state);
        if (!slot.lease) slot.lease = state;
        else slot.next = state;
        slot.decided = null;
      } finally {
        slot.refilling = null;
      }
    })();
    return slot.refilling;
  }

  done(ticket: FeeTicket): void {
    const lease = this.live.get(ticket.leaseId);
    if (!lease) return;
    lease.inFlight -= 1;
    if (lease.retired && lease.inFlight === 0) void this.settle(lease);
  }

  async releaseAll(): Promise<void> {
    // A lease request in flight lands first, so the lease it brings is settled here too.
    await Promise.allSettled([...this.slots.values()].map((s) => s.refilling));
    for (const slot of this.slots.values()) slot.decided = null;
    this.retireWhere(() => true);
    await this.retry().catch(() => {});
    await Promise.allSettled([...this.settling]);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private retireWhere(pick: (l: LeaseState) => boolean): void {
    for (const [key, slot] of this.slots) {
      if (slot.refilling) continue;
      if (slot.lease && pick(slot.lease)) {
        void this.retire(slot.lease);
        slot.lease = null;
        // The lease taken ahead goes with it (idle or released alike).
        if (slot.next) void this.retire(slot.next);
        slot.next = null;
      }
      if (!slot.lease && !slot.next && !slot.decided) this.slots.delete(key);
    }
  }

  /** No more takes from `lease`; settled once the last request taken from it is over. */
  private retire(lease: LeaseState): Promise<void> {
    if (lease.retired) return Promise.resolve();
    lease.retired = true;
    lease.remaining = 0;
    return lease.inFlight === 0 ? this.settle(lease) : Promise.resolve();
  }

  private settle(lease: LeaseState): Promise<void> {
    this.live.delete(lease.id);
    const work: Promise<void> = this.store
      .settle(lease.id, 'release')
      .catch(() => {
        this.unsettled.add(lease.id);
      })
      .finally(() => this.settling.delete(work));
    this.settling.add(work);
    return work;
  }

  private async retry(): Promise<void> {
    for (const id of [...this.unsettled]) {
      await this.store.settle(id, 'release');
      this.unsettled.delete(id);
    }
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}

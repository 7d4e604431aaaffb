import { isConnectionError, type Db } from '../../db/db.ts';
import { observeQuotaLease, observeQuotaRelease } from '../metrics/metrics.ts';

/**
 * Taking one hit of an account's daily quota. The path depends only on this interface.
 */
export interface QuotaGate {
  /**
   * Takes one hit for `accountId` on the WIB civil day `day` ('YYYY-MM-DD'). `limit` null means unlimited
   * (the hit is still counted). Resolves `{ taken: false }` when the day's quota is used up.
   */
  take(accountId: string, limit: number | null, day: string): Promise<{ taken: boolean }>;
  /** Hits counted for `accountId` on `day` (leased hits this process has not served are not counted). */
  used(accountId: string, day: string): Promise<number>;
  /** Gives back every unserved leased hit (on shutdown, and when quotas may have changed). */
  releaseAll(): Promise<void>;
  /**
   * Gives back one hit taken for a request that then failed (the database went away): it was not served, so
   * it must not count. `stillOwed`, when given, decides later — once the database answers — whether it is
   * owed at all (the request's audit row may have been committed although the answer to the commit was
   * lost; then the hit was taken and stays counted). Never throws.
   */
  giveBack(accountId: string, day: string, stillOwed?: () => Promise<boolean>): void;
}

/**
 * Where leases come from: an atomic "grant up to `want` more hits, never past `limit`" on a shared counter.
 * The counter (quota_usage.used) counts hits served plus hits leased and not yet served.
 */
export interface LeaseStore {
  /** Grants between 0 and `want` hits; 0 means the quota is used up. */
  lease(accountId: string, day: string, limit: number | null, want: number): Promise<number>;
  /** Gives back `n` unserved hits. */
  release(accountId: string, day: string, n: number): Promise<void>;
  /** The shared counter. */
  counted(accountId: string, day: string): Promise<number>;
  /**
   * Resolves leases and releases whose commit was in flight when the connection was lost (the store keeps
   * them); a no-op for stores without any. Called by the gate now and then; throws while the database is
   * still out of reach.
   */
  settle?(): Promise<void>;
}

/** A lease or release whose COMMIT may or may not have happened: the transaction ID tells, later. */
interface InDoubt {
  xid: number;
  accountId: string;
  day: string;
  /** Hits the transaction added to the counter (a lease) or took off it (a release, negative). */
  delta: number;
}

export class DbLeaseStore implements LeaseStore {
  /** Transactions cut off around their COMMIT, resolved by `settle` through txid_status. */
  private readonly inDoubt: InDoubt[] = [];

  constructor(private readonly db: Db) {}

  async lease(accountId: string, day: string, limit: number | null, want: number): Promise<number> {
    // The row lock (FOR UPDATE) serialises lessees of one account across processes; the grant is computed
    // from the locked count, so the counter never passes the limit. Leases are rare (one per block), so the
    // few round trips here are off the per-hit path.
    return this.tracked(accountId, day, async (tx, noteXid) => {
      await tx.query(
        'INSERT INTO quota_usage (account_id, day, used) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING',
        [accountId, day],
      );
      const { rows } = await tx.query<{ used: number; xid: number }>(
        'SELECT used, txid_current() AS xid FROM quota_usage WHERE account_id = $1 AND day = $2 FOR UPDATE',
        [accountId, day],
      );
      const used = rows[0]?.used ?? 0;
      const granted = grantSize(limit, used, want);
      if (granted > 0) {
        noteXid(rows[0]!.xid, granted);
        await tx.query('UPDATE quota_usage SET used = used + $3 WHERE account_id = $1 AND day = $2', [
          accountId,
          day,
          granted,
        ]);
      }
      return granted;
    });
  }

  async release(accountId: string, day: string, n: number): Promise<void> {
    if (n <= 0) return;
    await this.tracked(accountId, day, async (tx, noteXid) => {
      const { rows } = await tx.query<{ xid: number }>('SELECT txid_current() AS xid');
      noteXid(rows[0]!.xid, -n);
      await tx.query(
        'UPDATE quota_usage SET used = GREATEST(used - $3, 0) WHERE account_id = $1 AND day = $2',
        [accountId, day, n],
      );
    });
  }

  async counted(accountId: string, day: string): Promise<number> {
    const { rows } = await this.db.query<{ used: number }>(
      'SELECT used FROM quota_usage WHERE account_id = $1 AND day = $2',
      [accountId, day],
    );
    return rows[0]?.used ?? 0;
  }

  /**
   * A transaction that moves the counter by `delta` (noted with its transaction ID before the change). If
   * the connection is lost after that, the COMMIT may or may not have happened: the caller is told it
   * failed, and the store keeps the transaction ID to settle it once the server answers — a lease that did
   * commit is given back (nobody serves it), a release that did not is made again. So a lost connection
   * neither strands hits in the counter nor gives them back twice.
   */
  private async tracked<T>(
    accountId: string,
    day: string,
    work: (tx: Db, noteXid: (xid: number, delta: number) => void) => Promise<T>,
  ): Promise<T> {
    let noted: InDoubt | null = null;
    try {
      return await this.db.transaction((tx) =>
        work(tx, (xid, delta) => {
          noted = { xid, accountId, day, delta };
        }),
      );
    } catch (err) {
      const doubt = noted as InDoubt | null;
      if (doubt && isConnectionError(err)) {
        this.inDoubt.push(doubt);
        // A release in doubt is the store's to finish: the caller must not make it again.
        if (doubt.delta < 0) return undefined as T;
      }
      throw err;
    }
  }

  async settle(): Promise<void> {
    while (this.inDoubt.length > 0) {
      const t = this.inDoubt[0]!;
      const { rows } = await this.db.query<{ status: string | null }>(
        'SELECT txid_status($1::bigint) AS status',
        [t.xid],
      );
      const status = rows[0]?.status ?? null;
      // The server has not noticed the lost connection yet: ask again next time.
      if (status === 'in progress') return;
      this.inDoubt.shift();
      if (status === 'committed' && t.delta > 0)
        await this.requeue(() => this.release(t.accountId, t.day, t.delta), t);
      if (status === 'aborted' && t.delta < 0)
        await this.requeue(() => this.release(t.accountId, t.day, -t.delta), t);
    }
  }

  /**
   * Runs a repair (a release). A release cut off in doubt is noted by `tracked` and resolves; one that
   * failed before that did nothing, so the original stays in doubt, to be tried again.
   */
  private async requeue(repair: () => Promise<void>, t: InDoubt): Promise<void> {
    try {
      await repair();
    } catch (err) {
      this.inDoubt.unshift(t);
      throw err;
    }
  }
}

/**
 * How many hits to lease when `used` are counted: up to `want`, and near the limit a shrinking share of
 * what is left (an eighth), so that several processes sharing one account do not strand many hits in
 * leases while another process is refused. Never past the limit.
 */
export function grantSize(limit: number | null, used: number, want: number): number {
  if (limit === null) return want;
  const left = limit - used;
  if (left <= 0) return 0;
  return Math.max(1, Math.min(want, Math.floor(left / 8)));
}

interface Lease {
  accountId: string;
  day: string;
  remaining: number;
  lastUsed: number;
  refilling: Promise<number> | null;
  /** When the store last granted nothing, and under which limit: refused without asking again for a while. */
  exhausted: { at: number; limit: number | null } | null;
}

/**
 * Serves hits from blocks leased from a `LeaseStore`: one hit is a decrement in memory; a block of up to
 * `block` hits is leased when the last one is gone (one lease in flight per account). Exact: the store never
 * grants past the limit, so no process serves more than it was granted. A crash loses at most the unserved
 * rest of its leases (under-serving, never over-serving); idle leases and all leases at shutdown are given
 * back, so `used` stays the hits served.
 */
export class LeasedQuotaGate implements QuotaGate {
  private readonly leases = new Map<string, Lease>();
  private readonly timer: NodeJS.Timeout | null;

  constructor(
    private readonly store: LeaseStore,
    private readonly opts: {
      block?: number;
      idleReleaseMs?: number;
      exhaustedMs?: number;
      now?: () => number;
    } = {},
  ) {
    const idle = opts.idleReleaseMs ?? 1000;
    this.timer =
      idle > 0
        ? setInterval(() => {
            void this.settle()
              .then(() => this.releaseIdle(idle))
              .catch(() => {});
          }, idle)
        : null;
    this.timer?.unref();
  }

  /** Hits given back subject to a check that needs the database (see `giveBack`). */
  private unsettled: { accountId: string; day: string; stillOwed: () => Promise<boolean> }[] = [];
  private settling: Promise<void> | null = null;

  giveBack(accountId: string, day: string, stillOwed?: () => Promise<boolean>): void {
    if (stillOwed) this.unsettled.push({ accountId, day, stillOwed });
    else this.keep(accountId, day, 1);
  }

  /**
   * Settles what a lost connection left open: the store's transactions in doubt, and hits given back subject
   * to a check. Throws (and keeps the rest for next time) while the database is still out of reach.
   */
  settle(): Promise<void> {
    this.settling ??= (async () => {
      try {
        await this.store.settle?.();
        while (this.unsettled.length > 0) {
          const u = this.unsettled[0]!;
          const owed = await u.stillOwed();
          this.unsettled.shift();
          if (owed) this.keep(u.accountId, u.day, 1);
        }
      } finally {
        this.settling = null;
      }
    })();
    return this.settling;
  }

  /**
   * Puts `n` hits the store still counts for this process back into its lease in memory, to be served or
   * given back (idle) like any other: a hit not served, or a block whose give-back failed.
   */
  private keep(accountId: string, day: string, n: number): void {
    const key = `${accountId}|${day}`;
    let lease = this.leases.get(key);
    if (!lease) {
      lease = { accountId, day, remaining: 0, lastUsed: 0, refilling: null, exhausted: null };
      this.leases.set(key, lease);
    }
    lease.remaining += n;
    lease.exhausted = null;
  }

  async take(accountId: string, limit: number | null, day: string): Promise<{ taken: boolean }> {
    if (limit !== null && limit <= 0) return { taken: false };
    const key = `${accountId}|${day}`;
    for (;;) {
      // Looked up afresh each round: a lease given back while this call waited is no longer served from.
      let lease = this.leases.get(key);
      if (!lease) {
        lease = { accountId, day, remaining: 0, lastUsed: 0, refilling: null, exhausted: null };
        this.leases.set(key, lease);
      }
      lease.lastUsed = this.now();
      if (lease.remaining > 0) {
        lease.remaining -= 1;
        return { taken: true };
      }
      const now = lease.lastUsed;
      // A used-up quota is refused from memory for `exhaustedMs` (a refused caller costs no query); a changed
      // limit asks again at once, and releaseAll (an administrative change) forgets it.
      if (
        lease.exhausted &&
        lease.exhausted.limit === limit &&
        now - lease.exhausted.at < (this.opts.exhaustedMs ?? 1000)
      ) {
        return { taken: false };
      }
      const current = lease;
      current.refilling ??= this.store
        .lease(accountId, day, limit, this.opts.block ?? 100)
        .then((n) => {
          current.remaining += n;
          observeQuotaLease(n);
          return n;
        })
        .finally(() => {
          current.refilling = null;
        });
      const granted = await current.refilling;
      if (granted === 0 && current.remaining === 0) {
        current.exhausted = { at: now, limit };
        return { taken: false };
      }
      current.exhausted = null;
    }
  }

  async used(accountId: string, day: string): Promise<number> {
    const counted = await this.store.counted(accountId, day);
    return counted - (this.leases.get(`${accountId}|${day}`)?.remaining ?? 0);
  }

  /** Never throws: while the database is away, what could not be given back is kept for the next try. */
  async releaseAll(): Promise<void> {
    await this.settle().catch(() => {});
    await this.releaseWhere(() => true).catch(() => {});
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private releaseIdle(idleMs: number): Promise<void> {
    const cutoff = this.now() - idleMs;
    return this.releaseWhere((l) => l.lastUsed < cutoff);
  }

  private async releaseWhere(pick: (l: Lease) => boolean): Promise<void> {
    const work: Promise<void>[] = [];
    for (const [key, lease] of this.leases) {
      if (lease.refilling || !pick(lease)) continue;
      // Taken out of memory first, so no hit is served from a block that is being given back.
      this.leases.delete(key);
      const rest = lease.remaining;
      lease.remaining = 0;
      if (rest > 0) {
        // A give-back that failed (the database went away) is kept, not lost: the store still counts
        // those hits for this process, so they go back into memory, to be served or given back later.
        work.push(
          this.store.release(lease.accountId, lease.day, rest).catch((err: unknown) => {
            this.keep(lease.accountId, lease.day, rest);
            throw err;
          }),
        );
        observeQuotaRelease(rest);
      }
    }
    const results = await Promise.allSettled(work);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}

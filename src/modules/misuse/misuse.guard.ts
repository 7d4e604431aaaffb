import type { MisuseConfig, ReplayConfig } from '../../config.ts';
import { DatabaseUnavailableError, type Db } from '../../db/db.ts';
import type { Outcome } from '../access/outcomes.ts';
import { MisuseEngine, type Detector, type Finding } from './misuse.engine.ts';
import { insertAlert, suspendAccount, type MisuseAction } from './misuse.repo.ts';
import { observeMisuseDetection } from '../metrics/metrics.ts';
import { checkReplay } from './replay.ts';
import type { WindowStore } from './misuse.window.ts';

/** What the access path tells the guard about an attempt; all of it was already read by the path. */
export interface Attempt {
  accountId: string;
  institutionId: string;
  agreement: { id: string; misuseAction: MisuseAction };
  now: Date;
}

export interface Observation extends Attempt {
  nik: string;
  /** The family card number of the record read, when one was found (never stored, only a window key). */
  familyCard: string | null;
}

/** The hooks the access path calls (access.service.ts); the guard implements them. */
export interface MisuseHooks {
  /** Before any hit: a throttled or suspended account, a replayed ID or a stale timestamp is refused. */
  admit(
    a: Attempt & { clientRequestId?: string | undefined; clientTimestamp?: string | undefined },
  ): Promise<Outcome | null>;
  /** After the answer is decided (every hit): feeds the windows and acts on what they show; never awaited. */
  observe(o: Observation): void;
  /** A refusal for outside allowed hours; repeated ones are recorded. Never awaited. */
  refusedOutsideHours(a: Attempt & { nik: string | null }): void;
}

export interface Logger {
  error(obj: object, msg: string): void;
}

/** How long a suspension is also held in the window store, bridging the unawaited database write. */
const SUSPENSION_BRIDGE_MS = 60_000;
/** Alert and suspension writes that met a database outage, kept for retry: at most this many. */
const DEFERRED_MAX = 10_000;
/** How often kept writes are retried while the database is away. */
const RETRY_MS = 1_000;

/** A write of the guard's, re-runnable. */
interface Write {
  run: () => Promise<unknown>;
  what: string;
}

/** The longest a request waits for its account's earlier detection. */
const PENDING_WAIT_MS = 300;

async function waitAtMost(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/**
 * Misuse detection and replay protection, as the request thread sees them. Detection itself runs in a
 * `Detector` (misuse.engine.ts): a worker thread, the cluster's primary, or beside this thread over Redis
 * windows. The request thread only hands each hit over and is never held by it — except that the next
 * request of an account whose agreement throttles or suspends waits (at most `PENDING_WAIT_MS`) for the
 * verdict on its earlier ones, so a throttle or suspension takes effect at once. Throttles and suspensions are
 * claims in `store` (this process's memory, the primary's, or Redis: wherever every gateway checks them);
 * alert rows and suspensions are written without the request waiting; `settle()` waits for them.
 */
export class MisuseGuard implements MisuseHooks {
  private readonly pending = new Map<string, Promise<void>>();
  private readonly writes = new Set<Promise<unknown>>();
  /** Writes that met an outage, oldest first, and how many were dropped beyond `DEFERRED_MAX`. */
  private readonly deferred: Write[] = [];
  private dropped = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly detector: Detector;

  constructor(
    private readonly deps: {
      db: Db;
      /** Throttle and suspension claims; the windows too when no `detector` is given. */
      store: WindowStore;
      replayStore: WindowStore;
      misuse: MisuseConfig;
      replay: ReplayConfig;
      log?: Logger | undefined;
      /** Keys the family-card windows' names (HMAC), so no family card number sits in the store. */
      keySecret?: string | undefined;
      /** Where detection runs; absent: on this thread, over `store`. */
      detector?: Detector | undefined;
    },
  ) {
    this.detector =
      deps.detector ??
      new MisuseEngine({ store: deps.store, misuse: deps.misuse, keySecret: deps.keySecret });
  }

  async admit(
    a: Attempt & { clientRequestId?: string | undefined; clientTimestamp?: string | undefined },
  ): Promise<Outcome | null> {
    try {
      return await this.check(a);
    } catch (err) {
      // The window store is unreachable (Redis down): the request goes through, and the gap is logged.
      this.deps.log?.error({ err }, 'misuse guard unavailable; request admitted unchecked');
      return null;
    }
  }

  private async check(
    a: Attempt & { clientRequestId?: string | undefined; clientTimestamp?: string | undefined },
  ): Promise<Outcome | null> {
    // The account's earlier detections first (so a throttle decided by the last request applies to this
    // one), but never for long: a slow store must not hold the request.
    // Only an agreement that throttles or suspends needs the earlier verdict before this request: under
    // `alert` a detection changes nothing for the next request, so a busy account is not made to queue
    // behind its own detections.
    const before = a.agreement.misuseAction === 'alert' ? undefined : this.pending.get(a.accountId);
    if (before) await waitAtMost(before, PENDING_WAIT_MS);
    const now = a.now.getTime();
    const [suspended, throttled] = await Promise.all([
      this.deps.store.isClaimed(`suspend:${a.accountId}`, now),
      this.deps.store.isClaimed(`throttle:${a.accountId}`, now),
    ]);
    if (suspended) return 'account_inactive';
    if (throttled) return 'throttled';
    return checkReplay(this.deps.replayStore, this.deps.replay, {
      institutionId: a.institutionId,
      now,
      clientRequestId: a.clientRequestId,
      clientTimestamp: a.clientTimestamp,
    });
  }

  observe(o: Observation): void {
    const event = {
      accountId: o.accountId,
      institutionId: o.institutionId,
      at: o.now.getTime(),
      nik: o.nik,
      familyCard: o.familyCard,
    };
    this.follow(o, () => this.detector.hit(event));
  }

  refusedOutsideHours(a: Attempt & { nik: string | null }): void {
    const event = { accountId: a.accountId, institutionId: a.institutionId, at: a.now.getTime(), nik: a.nik };
    this.follow(a, () => this.detector.outsideHours(event));
  }

  /** An officer reviewed the account: lifts a throttle and a suspension held in the store. */
  async lift(accountId: string): Promise<void> {
    await Promise.all([
      this.deps.store.release(`throttle:${accountId}`),
      this.deps.store.release(`suspend:${accountId}`),
    ]);
  }

  /** Waits for every detection and every write started so far (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.pending.size > 0 || this.writes.size > 0) {
      await Promise.allSettled([...this.pending.values(), ...this.writes]);
    }
  }

  /** Writes kept for the database's return (tests, shutdown). */
  get deferredWrites(): number {
    return this.deferred.length;
  }

  async close(): Promise<void> {
    await this.settle();
    // Kept writes get one more try; what still cannot be written is logged once, as a count.
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.deferred.length > 0) {
      this.retry();
      await this.settle();
      clearTimeout(this.retryTimer);
    }
    if (this.deferred.length + this.dropped > 0) {
      this.deps.log?.error(
        { lost: this.deferred.length + this.dropped },
        'misuse alerts or suspensions not recorded: the database stayed unavailable',
      );
    }
    await this.detector.close();
    await this.deps.store.close();
    if (this.deps.replayStore !== this.deps.store) await this.deps.replayStore.close();
  }

  /**
   * Hands an event to the detector and acts on its findings; errors are logged (no NIK), never thrown. A
   * detector that answers in order takes the event at once; one beside this thread gets an account's events
   * one after the other (its windows are read and written per call).
   */
  private follow(a: Attempt, detect: () => Promise<Finding[]>): void {
    const earlier = this.detector.ordered ? undefined : this.pending.get(a.accountId);
    const run = (earlier ? earlier.then(detect) : detect())
      .then((findings) => this.actOn(a, findings))
      .catch((err: unknown) => this.deps.log?.error({ err }, 'misuse detection failed'))
      .finally(() => {
        if (this.pending.get(a.accountId) === run) this.pending.delete(a.accountId);
      });
    this.pending.set(a.accountId, run);
  }

  /** The agreement's action on each finding: throttle or suspend the account whose request completed it. */
  private async actOn(a: Attempt, findings: Finding[]): Promise<void> {
    for (const { detection: d } of findings) {
      const now = a.now.getTime();
      const action = a.agreement.misuseAction;
      observeMisuseDetection(d.reason, action);
      if (action === 'throttle')
        await this.deps.store.claim(`throttle:${a.accountId}`, this.deps.misuse.throttleMs, now);
      if (action === 'suspend') {
        await this.deps.store.claim(`suspend:${a.accountId}`, SUSPENSION_BRIDGE_MS, now);
        this.write({
          run: () => suspendAccount(this.deps.db, a.accountId, a.now),
          what: 'misuse suspension not recorded',
        });
      }
      const alert = {
        institutionId: a.institutionId,
        accountId: a.accountId,
        agreementId: a.agreement.id,
        reason: d.reason,
        severity: d.severity,
        action,
        evidence: d.evidence,
        at: a.now,
      };
      this.write({ run: () => insertAlert(this.deps.db, alert), what: 'misuse alert not recorded' });
    }
  }

  /**
   * Starts a write without waiting for it. One that meets a database outage is kept and retried once the
   * server answers again, not lost and not logged per write (the outage itself is logged once, by the
   * database's availability); any other failure is logged.
   */
  private write(w: Write): void {
    this.track(w.run().catch((err: unknown) => this.failed(w, err)));
  }

  /** Holds `p` among the writes `settle()` waits for until it ends. */
  private track(p: Promise<unknown>): void {
    this.writes.add(p);
    void p.finally(() => this.writes.delete(p));
  }

  private failed(w: Write, err: unknown, first = false): void {
    if (!(err instanceof DatabaseUnavailableError)) {
      this.deps.log?.error({ err }, w.what);
      return;
    }
    if (this.deferred.length >= DEFERRED_MAX) {
      this.dropped += 1;
      if (this.dropped === 1)
        this.deps.log?.error({ kept: DEFERRED_MAX }, `${w.what}: too many kept for the database's return`);
    } else if (first) this.deferred.unshift(w);
    else this.deferred.push(w);
    this.retryTimer ??= setTimeout(() => {
      this.retryTimer = undefined;
      this.retry();
    }, RETRY_MS).unref();
  }

  /** Tries the oldest kept write; once the database answers it (even with an error), the rest follow. */
  private retry(): void {
    const first = this.deferred.shift();
    if (!first) return;
    const rest = () => {
      for (const w of this.deferred.splice(0)) this.write(w);
    };
    this.track(
      first.run().then(rest, (err: unknown) => {
        this.failed(first, err, true);
        if (!(err instanceof DatabaseUnavailableError)) rest();
      }),
    );
  }
}

import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { MisuseConfig, ReplayConfig } from '../../config.ts';
import type { Db } from '../../db/db.ts';
import type { Outcome } from '../access/outcomes.ts';
import { checkNik } from '../nik/nik.ts';
import {
  burst,
  familySweep,
  outsideHours,
  sequentialBirthdate,
  sequentialSerial,
  type Detection,
} from './misuse.detector.ts';
import { insertAlert, suspendAccount, type MisuseAction } from './misuse.repo.ts';
import { observeMisuseDetection } from '../metrics/metrics.ts';
import { checkReplay } from './replay.ts';
import type { WindowEvent, WindowStore } from './misuse.window.ts';

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
/** The longest a request waits for its account's earlier detection. */
const PENDING_WAIT_MS = 300;

async function waitAtMost(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/**
 * Misuse detection and replay protection. The windows live in a `WindowStore` (process memory or Redis);
 * detection runs after the answer is decided and is not awaited by the request, but the next request of the
 * same account waits for it (per-account chain), so a throttle or suspension takes effect at once. Alert
 * rows and suspensions are written without the request waiting; `settle()` waits for them.
 */
export class MisuseGuard implements MisuseHooks {
  private readonly pending = new Map<string, Promise<void>>();
  private readonly writes = new Set<Promise<unknown>>();
  private readonly familyKey: KeyObject;

  constructor(
    private readonly deps: {
      db: Db;
      store: WindowStore;
      replayStore: WindowStore;
      misuse: MisuseConfig;
      replay: ReplayConfig;
      log?: Logger | undefined;
      /** Keys the family-card windows' names (HMAC), so no family card number sits in the store. */
      keySecret?: string | undefined;
    },
  ) {
    this.familyKey = createSecretKey(Buffer.from(deps.keySecret ?? ''));
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
    this.chain(o.accountId, () => this.detect(o));
  }

  refusedOutsideHours(a: Attempt & { nik: string | null }): void {
    this.chain(a.accountId, async () => {
      const c = this.deps.misuse;
      const event = { at: a.now.getTime(), nik: a.nik ?? '', accountId: a.accountId };
      const cap = Math.max(c.windowCap, 2 * c.outsideHoursAttempts);
      const w = await this.deps.store.record(`w:a:${a.accountId}:hours`, event, c.outsideHoursWindowMs, cap);
      const found = outsideHours(w, { attempts: c.outsideHoursAttempts, windowMs: c.outsideHoursWindowMs });
      if (found) await this.act(a, found, c.outsideHoursWindowMs);
    });
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

  async close(): Promise<void> {
    await this.settle();
    await this.deps.store.close();
    if (this.deps.replayStore !== this.deps.store) await this.deps.replayStore.close();
  }

  /** Runs `fn` after the account's earlier detections; errors are logged (no NIK), never thrown. */
  private chain(accountId: string, fn: () => Promise<void>): void {
    const run = (this.pending.get(accountId) ?? Promise.resolve())
      .then(fn)
      .catch((err: unknown) => this.deps.log?.error({ err }, 'misuse detection failed'))
      .finally(() => {
        if (this.pending.get(accountId) === run) this.pending.delete(accountId);
      });
    this.pending.set(accountId, run);
  }

  private async detect(o: Observation): Promise<void> {
    const c = this.deps.misuse;
    const store = this.deps.store;
    const event: WindowEvent = { at: o.now.getTime(), nik: o.nik, accountId: o.accountId };
    const pattern = { windowMs: c.patternWindowMs };
    const keep = c.patternWindowMs;
    const valid = checkNik(o.nik).valid;
    const district = o.nik.slice(0, 6);
    const kk = o.familyCard
      ? createHmac('sha256', this.familyKey).update(o.familyCard).digest('base64url').slice(0, 22)
      : null;
    // One round trip to Redis (auto-pipelined): every window this request belongs to.
    const [all, accDistrict, insDistrict, accFamily, insFamily] = await Promise.all([
      store.record(`w:a:${o.accountId}:all`, event, c.burstWindowMs, 2 * c.burstMax + 2),
      valid ? store.record(`w:a:${o.accountId}:d:${district}`, event, keep, c.windowCap) : null,
      valid ? store.record(`w:i:${o.institutionId}:d:${district}`, event, keep, c.windowCap) : null,
      kk ? store.record(`w:a:${o.accountId}:kk:${kk}`, event, keep, c.windowCap) : null,
      kk ? store.record(`w:i:${o.institutionId}:kk:${kk}`, event, keep, c.windowCap) : null,
    ]);
    const found: Detection[] = [];
    const first = (...ds: (Detection | null)[]) => {
      const d = ds.find((x) => x !== null);
      if (d) found.push(d);
    };
    first(burst(all, event, { max: c.burstMax, windowMs: c.burstWindowMs }));
    if (accDistrict && insDistrict) {
      const serial = { run: c.sequentialSerialRun, ...pattern };
      const birth = { run: c.sequentialBirthdateRun, ...pattern };
      first(
        sequentialSerial(accDistrict, event, 'account', serial),
        sequentialSerial(insDistrict, event, 'institution', serial),
      );
      first(
        sequentialBirthdate(accDistrict, event, 'account', birth),
        sequentialBirthdate(insDistrict, event, 'institution', birth),
      );
    }
    if (accFamily && insFamily) {
      const family = { members: c.familySweepMembers, ...pattern };
      first(familySweep(accFamily, 'account', family), familySweep(insFamily, 'institution', family));
    }
    for (const d of found) {
      await this.act(o, d, d.reason === 'burst' ? c.burstWindowMs : c.patternWindowMs);
    }
  }

  /**
   * One alert per reason and account (or institution, for a pattern spread over its accounts) per window,
   * and the agreement's action: throttle or suspend the account whose request completed the pattern.
   */
  private async act(a: Attempt, d: Detection, windowMs: number): Promise<void> {
    const now = a.now.getTime();
    const who = d.evidence.scope === 'institution' ? `i:${a.institutionId}` : `a:${a.accountId}`;
    if (!(await this.deps.store.claim(`seen:${who}:${d.reason}`, windowMs, now))) return;
    const action = a.agreement.misuseAction;
    observeMisuseDetection(d.reason, action);
    if (action === 'throttle')
      await this.deps.store.claim(`throttle:${a.accountId}`, this.deps.misuse.throttleMs, now);
    if (action === 'suspend') {
      await this.deps.store.claim(`suspend:${a.accountId}`, SUSPENSION_BRIDGE_MS, now);
      this.write(suspendAccount(this.deps.db, a.accountId, a.now), 'misuse suspension not recorded');
    }
    this.write(
      insertAlert(this.deps.db, {
        institutionId: a.institutionId,
        accountId: a.accountId,
        agreementId: a.agreement.id,
        reason: d.reason,
        severity: d.severity,
        action,
        evidence: d.evidence,
        at: a.now,
      }),
      'misuse alert not recorded',
    );
  }

  private write(p: Promise<unknown>, what: string): void {
    const tracked = p.catch((err: unknown) => this.deps.log?.error({ err }, what));
    this.writes.add(tracked);
    void tracked.finally(() => this.writes.delete(tracked));
  }
}

import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { MisuseConfig } from '../../config.ts';
import { checkNik } from '../nik/nik.ts';
import {
  burst,
  familySweep,
  outsideHours,
  sequentialBirthdate,
  sequentialSerial,
  type Detection,
} from './misuse.detector.ts';
import type { WindowEvent, WindowStore } from './misuse.window.ts';

/**
 * Misuse detection proper: the windows an attempt belongs to, the patterns over them, and the once-per-window
 * claim that turns a detection into a finding. Everything here is plain data in and out, so it runs wherever
 * the windows are (issue #16 §2, "misuse detection leaves the request thread"):
 * - in a worker thread of a one-process gateway (`misuse.thread.ts`, the default),
 * - in the primary of `gerbang serve` with several processes, which sees every worker's requests
 *   (`src/cluster.ts`), or
 * - beside the request thread over Redis windows shared by separate servers (`REDIS_URL`).
 * What a finding leads to (throttle, suspension, the alert row) is the guard's (`misuse.guard.ts`), on the
 * gateway that made the request.
 */

/** A hit, as detection needs it (the access path already read all of it). */
export interface HitEvent {
  accountId: string;
  institutionId: string;
  /** Epoch milliseconds (the access path's clock). */
  at: number;
  nik: string;
  /** The family card number of the record read (never stored, only hashed into a window key). */
  familyCard: string | null;
}

/** A refusal for outside allowed hours. */
export interface HoursEvent {
  accountId: string;
  institutionId: string;
  at: number;
  nik: string | null;
}

/** A detection that became a finding (first in its window), with the window it claimed. */
export interface Finding {
  detection: Detection;
  windowMs: number;
}

/** Where detection runs; the guard talks to it only through this. */
export interface Detector {
  /**
   * True when answers come back in the order the events were sent (one thread or process works through
   * them in turn), so the guard need not hold an account's next event until the last is answered.
   */
  readonly ordered?: boolean;
  hit(e: HitEvent): Promise<Finding[]>;
  outsideHours(e: HoursEvent): Promise<Finding[]>;
  close(): Promise<void>;
}

/** A finding as plain data: the evidence's lazily rendered events are rendered now (findings are rare). */
function materialised(d: Detection): Detection {
  return { ...d, evidence: { ...d.evidence, events: d.evidence.events } };
}

export class MisuseEngine implements Detector {
  private readonly familyKey: KeyObject;

  constructor(
    private readonly deps: {
      store: WindowStore;
      misuse: MisuseConfig;
      /** Keys the family-card windows' names (HMAC), so no family card number sits in the store. */
      keySecret?: string | undefined;
    },
  ) {
    this.familyKey = createSecretKey(Buffer.from(deps.keySecret ?? ''));
  }

  async hit(o: HitEvent): Promise<Finding[]> {
    const c = this.deps.misuse;
    const store = this.deps.store;
    const event: WindowEvent = { at: o.at, nik: o.nik, accountId: o.accountId };
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
    const findings: Finding[] = [];
    for (const d of found) {
      const windowMs = d.reason === 'burst' ? c.burstWindowMs : c.patternWindowMs;
      if (await this.firstInWindow(o, d, windowMs)) findings.push({ detection: materialised(d), windowMs });
    }
    return findings;
  }

  async outsideHours(a: HoursEvent): Promise<Finding[]> {
    const c = this.deps.misuse;
    const event = { at: a.at, nik: a.nik ?? '', accountId: a.accountId };
    const cap = Math.max(c.windowCap, 2 * c.outsideHoursAttempts);
    const w = await this.deps.store.record(`w:a:${a.accountId}:hours`, event, c.outsideHoursWindowMs, cap);
    const d = outsideHours(w, { attempts: c.outsideHoursAttempts, windowMs: c.outsideHoursWindowMs });
    if (!d || !(await this.firstInWindow(a, d, c.outsideHoursWindowMs))) return [];
    return [{ detection: materialised(d), windowMs: c.outsideHoursWindowMs }];
  }

  async close(): Promise<void> {
    // The store is its owner's to close (the guard's, the thread's or the primary's).
  }

  /** One finding per reason and account (or institution, for a pattern spread over its accounts) per window. */
  private firstInWindow(
    a: { accountId: string; institutionId: string; at: number },
    d: Detection,
    windowMs: number,
  ): Promise<boolean> {
    const who = d.evidence.scope === 'institution' ? `i:${a.institutionId}` : `a:${a.accountId}`;
    return this.deps.store.claim(`seen:${who}:${d.reason}`, windowMs, a.at);
  }
}

/** One call to a detector as it travels between threads or processes. */
export type DetectorCall = { kind: 'hit'; event: HitEvent } | { kind: 'hours'; event: HoursEvent };

/** Runs a batch of calls on an engine, one after the other, in order. */
export async function runCalls(engine: Detector, calls: DetectorCall[]): Promise<Finding[][]> {
  const out: Finding[][] = [];
  for (const c of calls)
    out.push(await (c.kind === 'hit' ? engine.hit(c.event) : engine.outsideHours(c.event)));
  return out;
}

/**
 * A detector elsewhere (a worker thread, the cluster's primary), reached by messages: the calls of one turn
 * of the event loop go as one message, and the answers come back in order, so the request thread spends a
 * push per hit and one message per batch on detection.
 */
export class BatchingDetector implements Detector {
  readonly ordered = true;
  private queue: { call: DetectorCall; resolve: (f: Finding[]) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly send: (calls: DetectorCall[]) => Promise<Finding[][]>,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  hit(event: HitEvent): Promise<Finding[]> {
    return this.enqueue({ kind: 'hit', event });
  }

  outsideHours(event: HoursEvent): Promise<Finding[]> {
    return this.enqueue({ kind: 'hours', event });
  }

  close(): Promise<void> {
    return this.onClose();
  }

  private enqueue(call: DetectorCall): Promise<Finding[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ call, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    let sent: Promise<Finding[][]>;
    try {
      sent = this.send(batch.map((b) => b.call));
    } catch (err) {
      sent = Promise.reject(err);
    }
    sent.then(
      (results) => batch.forEach((b, i) => b.resolve(results[i] ?? [])),
      (err: unknown) => batch.forEach((b) => b.reject(err)),
    );
  }
}

import { clip } from '../../lib/text.ts';
import { mayAccess } from './access.policy.ts';
import { isConnectionError, type Db } from '../../db/db.ts';
import { wibDay, wibTime, withinHours, type Clock } from '../../lib/time.ts';
import type { Account } from '../accounts/accounts.repo.ts';
import type { Agreement } from '../agreements/agreements.repo.ts';
import { auditRowWritten } from '../audit/audit.repo.ts';
import type { AuditEntry, AuditSink } from '../audit/audit.sink.ts';
import { clearFailedLogins } from '../auth/auth.repo.ts';
import { isTokenCurrent, recordFailedAttempt } from '../auth/auth.service.ts';
import { elementDef, grantedValues, type ElementCode } from '../elements/elements.ts';
import type { Institution } from '../institutions/institutions.repo.ts';
import type { MisuseHooks } from '../misuse/misuse.guard.ts';
import { checkNik } from '../nik/nik.ts';
import type { FeeGate, FeeTicket } from '../fees/fees.gate.ts';
import type { QuotaGate } from '../quota/quota.ts';
import { resolvePurpose } from '../purposes/purposes.ts';
import { ResidentReader } from '../residents/residents.reader.ts';
import type { ResidentRecord } from '../residents/residents.types.ts';
import type { AccessCache } from './access.cache.ts';
import { compare, type Comparison } from './matching.ts';
import { inNetworks, sameAddress } from './network.ts';
import type { AnsweredOutcome, Outcome } from './outcomes.ts';

/**
 * The access path shared by the v1 API and the Dukcapil wire format:
 *
 *   authorize: credentials → account → (wire: CUSTOMER_ID, IP_USER) → allowed network → institution active →
 *              account active → agreement in force granting the method → allowed hours → misuse guard
 *              (account throttled or suspended for misuse, replayed request ID, stale client timestamp)
 *   (the route checks the request's shape; a malformed request is refused without a hit)
 *   verify / lookup: one quota hit → NIK format → record read → record status → compare or show only the
 *              granted elements → audit row committed → answer
 *
 * Every attempt, refused or answered, writes exactly one audit row before the answer goes back.
 */
export interface AccessDeps {
  db: Db;
  quota: QuotaGate;
  audit: AuditSink;
  clock: Clock;
  /** The caller's account, institution and agreements, and password checks (see access.cache.ts). */
  cache: AccessCache;
  /** Misuse detection and replay protection (misuse module); absent: neither. */
  misuse?: MisuseHooks;
  /** Charging under PP 10/2023 (fees module): each chargeable answer draws its tariff; absent: none. */
  fees?: FeeGate;
  /** Wrong wire passwords count toward the sign-in lockout (auth module); absent: not counted. */
  lockout?: { lockoutThreshold: number; lockoutMinutes: number };
}

export type AccessMethodUsed = 'verification' | 'portal' | 'card_reader';

export interface CallerRequest {
  protocol: 'v1' | 'wire';
  method: AccessMethodUsed;
  requestId: string;
  callerIp: string;
  identity:
    | {
        kind: 'token';
        token: { accountId: string; issuedAt: number } | 'missing' | 'invalid';
        /** The portal's session cookie named the account (a person in the browser, not a web service). */
        viaSession?: boolean;
      }
    | { kind: 'password'; username: string; password: string; customerId: string; ipUser: string };
  /** What the request asks about, for the audit of a refusal (may still be malformed). */
  nik: unknown;
  elementsRequested: string[];
  /** The client's optional request ID and timestamp (replay protection). */
  replay?: { clientRequestId?: string | undefined; clientTimestamp?: string | undefined };
  /** The purpose the client states (v1 `purpose`, wire `TUJUAN`); undefined: none (the agreement's default). */
  purpose?: string | undefined;
}

export interface CallerContext {
  protocol: 'v1' | 'wire';
  method: AccessMethodUsed;
  requestId: string;
  callerIp: string;
  account: Account;
  institution: Institution;
  agreement: Agreement;
  granted: ReadonlySet<string>;
  now: Date;
  /** The caller's client application asks for `RESPONSE_CODE "01"` on a wire verification answer. */
  wireVerifyResponseCode: boolean;
  /** The purpose of the attempt (purposes module) and whether it is the agreement's default. */
  purpose: string | null;
  purposeDefaulted: boolean;
}

export type Authorization = { ok: true; ctx: CallerContext } | { ok: false; outcome: Outcome };

export interface ElementVerdict extends Omit<Comparison, 'matched'> {
  element: ElementCode;
  status: 'match' | 'no_match';
}
export interface NotPermitted {
  element: ElementCode;
  status: 'not_permitted';
}

/** What refuses a request after its caller passed: no hit left today, or no balance to pay the tariff. */
export type HitRefusal = 'quota_exhausted' | 'balance_exhausted';

export type VerifyResult =
  | { outcome: 'found'; threshold: number; elements: (ElementVerdict | NotPermitted)[] }
  | { outcome: Exclude<AnsweredOutcome, 'found'> | HitRefusal };

export type LookupResult =
  | { outcome: 'found'; elements: { code: ElementCode; value: string | null }[] }
  | { outcome: Exclude<AnsweredOutcome, 'found'> | HitRefusal };

/** The lowest of several daily limits, null meaning unlimited (all null: unlimited). */
export function lowestLimit(...limits: (number | null)[]): number | null {
  let lowest: number | null = null;
  for (const l of limits) if (l !== null && (lowest === null || l < lowest)) lowest = l;
  return lowest;
}

/** The NIK as the audit keeps it: only a string of digits of plausible length; anything else is not kept. */
function auditNik(nik: unknown): string | null {
  return typeof nik === 'string' && /^\d{1,20}$/.test(nik) ? nik : null;
}

export class AccessService {
  private readonly residents: ResidentReader;

  constructor(private readonly deps: AccessDeps) {
    this.residents = new ResidentReader(deps.db);
  }

  private async countFailure(account: Account, req: CallerRequest, now: Date): Promise<void> {
    if (!this.deps.lockout) return;
    const locked = await recordFailedAttempt(this.deps.db, account, {
      config: this.deps.lockout,
      now,
      ip: req.callerIp,
      requestId: req.requestId,
    });
    // The lock applies to this process's next request at once (cached right pairs are forgotten).
    if (locked) this.deps.cache.clear();
  }

  async authorize(req: CallerRequest): Promise<Authorization> {
    const now = this.deps.clock();
    const refuse = async (
      outcome: Outcome,
      who: { account?: Account | null; username?: string | null; institutionId?: string | null } = {},
    ): Promise<Authorization> => {
      await this.write({
        requestId: req.requestId,
        protocol: req.protocol,
        method: req.method,
        institutionId: who.institutionId ?? who.account?.institutionId ?? null,
        accountId: who.account?.id ?? null,
        username: who.account?.username ?? (who.username ? clip(who.username, 64) : null),
        nik: auditNik(req.nik),
        elementsRequested: req.elementsRequested,
        elementsReturned: [],
        outcome,
        callerIp: req.callerIp,
        at: now,
        purpose: req.purpose ? clip(req.purpose, 64) : null,
      });
      return { ok: false, outcome };
    };

    let account: Account | null;
    const id = req.identity;
    if (id.kind === 'token') {
      if (id.token === 'missing') return refuse('credentials_missing');
      if (id.token === 'invalid') return refuse('login_failed');
      account = await this.deps.cache.account(id.token.accountId);
      if (!account || !isTokenCurrent(account, id.token)) return refuse('login_failed');
    } else {
      if (!id.username || !id.password || !id.ipUser)
        return refuse('credentials_missing', { username: id.username });
      const login = await this.deps.cache.login(id.username, id.password);
      if (!login.account) return refuse('login_failed', { username: id.username });
      // A locked user ID (too many failed sign-ins, here or at /v1/auth) is refused even with the right
      // password: the wire knows only Login Gagal.
      if (login.lockedUntil && Date.parse(login.lockedUntil) > now.getTime()) {
        return refuse('login_failed', { account: login.account });
      }
      // A wrong password is audited against the account it tried, so officers see attacks on their IDs, and
      // counts toward the lockout (each attempt, even one the cache answered).
      if (!login.passwordOk) {
        await this.countFailure(login.account, req, now);
        return refuse('login_failed', { account: login.account });
      }
      if (login.failedLogins > 0 && this.deps.lockout) {
        // A right password ends the run of failures, as a sign-in does (once: the cached result follows).
        await clearFailedLogins(this.deps.db, login.account.id);
        login.failedLogins = 0;
      }
      account = login.account;
    }
    if (!mayAccess(account) || !account.institutionId) return refuse('not_an_operator', { account });

    const institution = await this.deps.cache.institution(account.institutionId);
    if (!institution) return refuse('login_failed', { account });
    if (id.kind === 'password') {
      if (institution.code !== id.customerId) return refuse('login_failed', { account });
      if (!sameAddress(id.ipUser, req.callerIp)) return refuse('ip_user_mismatch', { account });
    }
    if (!inNetworks(req.callerIp, institution.allowedNetworks))
      return refuse('network_not_allowed', { account });
    if (!institution.isActive) return refuse('institution_inactive', { account });
    if (!account.isActive) return refuse('account_inactive', { account });
    if (account.mustChangePassword) return refuse('password_change_required', { account });

    const inForce = await this.deps.cache.agreementsInForce(institution.id, wibDay(now));
    if (inForce.length === 0) return refuse('agreement_not_in_force', { account });
    const withMethod = inForce.filter((a) => a.methods.includes(req.method));
    if (withMethod.length === 0) return refuse('method_not_granted', { account });
    // The agreement that grants the stated purpose, if several are in force; its default when none is stated.
    const agreement =
      (req.purpose && withMethod.find((a) => a.purposeCodes.includes(req.purpose!))) || withMethod[0]!;
    const purpose = resolvePurpose(agreement, req.purpose);
    if (!purpose.ok) return refuse('purpose_not_granted', { account });
    if (
      agreement.allowedHoursStart &&
      agreement.allowedHoursEnd &&
      !withinHours(wibTime(now), agreement.allowedHoursStart, agreement.allowedHoursEnd)
    ) {
      this.deps.misuse?.refusedOutsideHours({
        accountId: account.id,
        institutionId: institution.id,
        agreement,
        now,
        nik: auditNik(req.nik),
      });
      return refuse('outside_allowed_hours', { account });
    }
    // Governance gates: the head's SPTJM and the operator's NDA recorded; development quota before a PoC.
    const gate = await this.deps.cache.gates(institution.id, account.id);
    if (!gate.ok) return refuse(gate.outcome, { account });
    // The day's limit: the account's own quota, the agreement's Juknis quota per account, and — until the
    // caller's client application has passed its PoC — the development quota. A web-service call (the wire,
    // or v1 with a bearer token) is on development terms until its application passed (gates.service.ts).
    const webService = req.protocol === 'wire' || (id.kind === 'token' && !id.viaSession);
    const limit = lowestLimit(
      account.dailyQuota,
      agreement.quotaPerAccount ?? null,
      webService ? gate.webServiceQuotaCap : gate.quotaCap,
    );
    if (limit !== account.dailyQuota) account = { ...account, dailyQuota: limit };
    const misuse = await this.deps.misuse?.admit({
      accountId: account.id,
      institutionId: institution.id,
      agreement,
      now,
      ...req.replay,
    });
    if (misuse) return refuse(misuse, { account });
    return {
      ok: true,
      ctx: {
        protocol: req.protocol,
        method: req.method,
        requestId: req.requestId,
        callerIp: req.callerIp,
        account,
        institution,
        agreement,
        granted: new Set(agreement.elements),
        now,
        wireVerifyResponseCode: gate.wireVerifyResponseCode,
        purpose: purpose.purpose,
        purposeDefaulted: purpose.defaulted,
      },
    };
  }

  /** Refuses a request whose caller is not even known (e.g. an unreadable body): audited. */
  async refuseUnknownCaller(
    req: Pick<CallerRequest, 'protocol' | 'method' | 'requestId' | 'callerIp'>,
    outcome: Outcome,
  ): Promise<void> {
    await this.write({
      ...req,
      institutionId: null,
      accountId: null,
      username: null,
      nik: null,
      elementsRequested: [],
      elementsReturned: [],
      outcome,
      at: this.deps.clock(),
    });
  }

  /** Refuses an authorized caller's malformed request: audited, no hit taken. */
  async refuse(
    ctx: CallerContext,
    outcome: Outcome,
    nik: unknown,
    elementsRequested: string[],
  ): Promise<void> {
    await this.write(this.entry(ctx, outcome, nik, elementsRequested, []));
  }

  async verify(
    ctx: CallerContext,
    input: { nik: string; submitted: Partial<Record<ElementCode, string>>; threshold?: number | undefined },
  ): Promise<VerifyResult> {
    const requested = Object.keys(input.submitted) as ElementCode[];
    const read = await this.hitAndRead(ctx, input.nik, requested);
    if (read.outcome !== 'found') return { outcome: read.outcome };
    try {
      return await this.verifyFound(ctx, input, requested, read.record, read.fee);
    } finally {
      if (read.fee) this.deps.fees?.done(read.fee);
    }
  }

  private async verifyFound(
    ctx: CallerContext,
    input: { nik: string; threshold?: number | undefined; submitted: Partial<Record<ElementCode, string>> },
    requested: ElementCode[],
    record: ResidentRecord,
    fee: FeeTicket | null,
  ): Promise<VerifyResult> {
    const threshold = input.threshold ?? ctx.agreement.defaultThreshold;
    const elements: (ElementVerdict | NotPermitted)[] = [];
    const compared: ElementCode[] = [];
    for (const code of requested) {
      // An ungranted element is never compared: its stored value is not even read.
      if (!ctx.granted.has(code)) {
        elements.push({ element: code, status: 'not_permitted' });
        continue;
      }
      const def = elementDef(code);
      const { matched, ...rest } = compare(def.kind, input.submitted[code]!, def.read(record), threshold);
      elements.push({ element: code, status: matched ? 'match' : 'no_match', ...rest });
      compared.push(code);
    }
    await this.writeHit(ctx, { ...this.entry(ctx, 'found', input.nik, requested, compared), fee });
    return { outcome: 'found', threshold, elements };
  }

  async lookup(ctx: CallerContext, input: { nik: string }): Promise<LookupResult> {
    const requested = [...ctx.granted];
    const read = await this.hitAndRead(ctx, input.nik, requested);
    if (read.outcome !== 'found') return { outcome: read.outcome };
    try {
      const elements = grantedValues(read.record, ctx.granted);
      const returned = elements.map((e) => e.code);
      await this.writeHit(ctx, {
        ...this.entry(ctx, 'found', input.nik, requested, returned),
        fee: read.fee,
      });
      return { outcome: 'found', elements };
    } finally {
      if (read.fee) this.deps.fees?.done(read.fee);
    }
  }

  /** Takes the hit and reads the record; answers (and audits) every outcome except `found`. */
  private async hitAndRead(
    ctx: CallerContext,
    nik: string,
    requested: string[],
  ): Promise<
    | { outcome: 'found'; record: ResidentRecord; fee: FeeTicket | null }
    | { outcome: Exclude<AnsweredOutcome, 'found'> | HitRefusal }
  > {
    const hit = await this.deps.quota.take(ctx.account.id, ctx.account.dailyQuota, wibDay(ctx.now));
    if (!hit.taken) {
      await this.write(this.entry(ctx, 'quota_exhausted', nik, requested, []));
      return { outcome: 'quota_exhausted' };
    }
    const valid = checkNik(nik).valid;
    // The tariff is drawn with the hit for a chargeable answer (CHARGEABLE_OUTCOMES: every answer about a NIK
    // in Dukcapil format); an empty balance refuses, and the hit goes back unused.
    let fee: FeeTicket | null = null;
    try {
      const taken =
        valid && this.deps.fees ? await this.deps.fees.take(ctx.institution.id, wibDay(ctx.now)) : null;
      if (taken === 'empty') {
        this.deps.quota.giveBack(ctx.account.id, wibDay(ctx.now));
        await this.write(this.entry(ctx, 'balance_exhausted', nik, requested, []));
        return { outcome: 'balance_exhausted' };
      }
      fee = taken;
    } catch (err) {
      this.deps.quota.giveBack(ctx.account.id, wibDay(ctx.now));
      throw err;
    }
    const done = async (outcome: Exclude<AnsweredOutcome, 'found'>) => {
      try {
        await this.writeHit(ctx, { ...this.entry(ctx, outcome, nik, requested, []), fee });
      } finally {
        if (fee) this.deps.fees?.done(fee);
      }
      return { outcome };
    };
    let record: ResidentRecord | null = null;
    try {
      record = valid ? await this.residents.read(nik) : null;
    } catch (err) {
      // Nothing was answered or audited: the hit is not used, nor charged.
      this.deps.quota.giveBack(ctx.account.id, wibDay(ctx.now));
      if (fee) this.deps.fees?.done(fee);
      throw err;
    }
    // Misuse detection sees every hit once its answer is decided; it is not awaited here.
    this.deps.misuse?.observe({
      accountId: ctx.account.id,
      institutionId: ctx.institution.id,
      agreement: ctx.agreement,
      now: ctx.now,
      nik,
      familyCard: record?.familyCardNumber ?? null,
    });
    if (!valid) return done('nik_invalid_format');
    if (!record) return done('not_found');
    if (record.recordStatus !== 'active') return done(record.recordStatus);
    return { outcome: 'found', record, fee };
  }

  private entry(
    ctx: CallerContext,
    outcome: Outcome,
    nik: unknown,
    requested: string[],
    returned: string[],
  ): AuditEntry {
    return {
      requestId: ctx.requestId,
      protocol: ctx.protocol,
      method: ctx.method,
      institutionId: ctx.institution.id,
      accountId: ctx.account.id,
      username: ctx.account.username,
      nik: auditNik(nik),
      elementsRequested: requested,
      elementsReturned: returned,
      outcome,
      callerIp: ctx.callerIp,
      at: ctx.now,
      agreementVersionId: ctx.agreement.currentVersionId,
      purpose: ctx.purpose,
      purposeDefaulted: ctx.purposeDefaulted,
    };
  }

  private write(entry: AuditEntry): Promise<void> {
    return this.deps.audit.record(entry);
  }

  /**
   * Writes the audit row of a request that took a hit. If it fails, no answer goes out, so the hit must
   * not count (issue #17: used = audited): it is given back — at once when the row surely was not written,
   * and when the connection was lost around the commit, only once the database says the row is not there.
   */
  private async writeHit(ctx: CallerContext, entry: AuditEntry): Promise<void> {
    try {
      await this.write(entry);
    } catch (err) {
      const db = this.deps.db;
      this.deps.quota.giveBack(
        ctx.account.id,
        wibDay(ctx.now),
        isConnectionError(err) ? async () => !(await auditRowWritten(db, entry)) : undefined,
      );
      throw err;
    }
  }
}

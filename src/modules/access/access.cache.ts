import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/db.ts';
import { findAccountForLogin, getAccount, type Account } from '../accounts/accounts.repo.ts';
import { agreementsInForce, type Agreement } from '../agreements/agreements.repo.ts';
import { getSignInState } from '../auth/auth.repo.ts';
import { verifyPassword } from '../auth/password.ts';
import { checkAccessGates, type GateResult } from '../gates/gates.service.ts';
import { getInstitution, type Institution } from '../institutions/institutions.repo.ts';

/** The sign-in state the access path needs: failed attempts in a row and a lockout in force. */
export interface LoginLock {
  failedLogins: number;
  lockedUntil: string | null;
}

export type LoginResult =
  | ({ account: Account; passwordOk: boolean } & LoginLock)
  | { account: null; passwordOk: false; failedLogins: 0; lockedUntil: null };

interface Entry {
  at: number;
  value: Promise<unknown>;
}

/**
 * What the access path reads about its caller — the account, its institution, the agreements in force, and
 * whether a user ID and password pair is right — kept for `ttlMs` so a busy caller costs no query and no
 * argon2 verification per request. This process forgets everything at once when an administrative change
 * goes through it (see app.ts); other processes within `ttlMs`. A wrong pair is remembered too, so repeated
 * wrong passwords cannot make the server burn CPU on argon2; each attempt still counts toward the lockout
 * (AccessService), which is one UPDATE, not an argon2 run. The pair's result carries the account's lockout
 * state as it was read; a new lock clears the cache.
 *
 * Pairs are keyed by SHA-256 over a random per-process pepper, the user ID and the password: the cache never
 * holds a password, and its keys are useless outside this process.
 */
export class AccessCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pepper = randomBytes(32);

  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
    private readonly opts: { maxEntries?: number; now?: () => number } = {},
  ) {}

  account(id: string): Promise<Account | null> {
    return this.memo(`a:${id}`, () => getAccount(this.db, id));
  }

  institution(id: string): Promise<Institution | null> {
    return this.memo(`i:${id}`, () => getInstitution(this.db, id));
  }

  agreementsInForce(institutionId: string, day: string): Promise<Agreement[]> {
    return this.memo(`g:${institutionId}:${day}`, () => agreementsInForce(this.db, institutionId, day));
  }

  /** The governance gates of an operator (SPTJM, NDA, development quota before a PoC). */
  gates(institutionId: string, accountId: string): Promise<GateResult> {
    return this.memo(`t:${institutionId}:${accountId}`, () =>
      checkAccessGates(this.db, institutionId, accountId),
    );
  }

  login(username: string, password: string): Promise<LoginResult> {
    const key = createHash('sha256')
      .update(this.pepper)
      .update(username)
      .update('\0')
      .update(password)
      .digest('base64');
    return this.memo(`p:${key}`, async (): Promise<LoginResult> => {
      const found = await findAccountForLogin(this.db, username);
      const passwordOk = await verifyPassword(found?.passwordHash ?? null, password);
      if (!found) return { account: null, passwordOk: false, failedLogins: 0, lockedUntil: null };
      const { passwordHash: _hash, ...account } = found;
      const state = await getSignInState(this.db, account.id);
      return {
        account,
        passwordOk,
        failedLogins: state?.failedLogins ?? 0,
        lockedUntil: state?.lockedUntil ?? null,
      };
    });
  }

  clear(): void {
    this.entries.clear();
  }

  private memo<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const now = (this.opts.now ?? Date.now)();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    // Bounded: a full cache starts over rather than growing (callers are few; this is a safety net).
    if (this.entries.size >= (this.opts.maxEntries ?? 100_000)) this.entries.clear();
    // The promise itself is kept, so concurrent requests of one caller share one load (one argon2 run).
    const value = load();
    this.entries.set(key, { at: now, value });
    value.catch(() => this.entries.delete(key));
    return value;
  }
}

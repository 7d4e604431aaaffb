import type { ServiceContext } from '../../core/service-context.ts';
import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { findAccountForLogin, getAccount, setOwnPassword, type Account } from '../accounts/accounts.repo.ts';
import { REGISTRY_ACCOUNT_ROLES } from '../accounts/accounts.policy.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { SERVER_ACTOR, type Actor } from '../../core/actor.ts';
import {
  clearFailedLogins,
  countFailedLogin,
  endSession,
  getSignInState,
  insertSession,
  lockAccount,
  setTotp,
  touchSession,
} from './auth.repo.ts';
import { verifyPassword } from './password.ts';
import { checkTotp, newTotpSecret, totpUri } from './totp.ts';

/** A token issued (milliseconds) before the account's last password change is void. */
export function isTokenCurrent(
  account: Pick<Account, 'passwordChangedAt'>,
  token: { issuedAt: number },
): boolean {
  return token.issuedAt >= Date.parse(account.passwordChangedAt);
}

/**
 * The account a verified token names, or null when it is gone or the token was issued (milliseconds) before
 * the account's last password change.
 */
export async function accountForToken(
  db: Db,
  token: { accountId: string; issuedAt: number },
): Promise<Account | null> {
  const account = await getAccount(db, token.accountId);
  return account && isTokenCurrent(account, token) ? account : null;
}

const FAILED = 'Gagal login: user ID atau password salah';

/** Whether this account must give a TOTP code to sign in (and enrol one before doing anything else). */
export function needsTotp(config: Config, account: Pick<Account, 'role'>): boolean {
  return config.totpForOfficers && REGISTRY_ACCOUNT_ROLES.includes(account.role);
}

export interface SignInOptions {
  config: Config;
  now: Date;
  ip: string;
  requestId: string;
}

/**
 * Signs a person in with user ID, password and (when enrolled) a TOTP code. Failed attempts are counted per
 * account; the `lockoutThreshold`-th in a row locks it for `lockoutMinutes`, recorded in the admin audit.
 * While locked even the right password is refused. An unknown user ID and a wrong password answer alike.
 */
export async function signIn(
  db: Db,
  input: { username: string; password: string; totp?: string | undefined },
  opts: SignInOptions,
): Promise<Account> {
  const found = await findAccountForLogin(db, input.username);
  const passwordOk = await verifyPassword(found?.passwordHash ?? null, input.password);
  if (!found) throw ApiError.of('UNAUTHENTICATED', FAILED);
  const { passwordHash: _hash, ...account } = found;
  const state = (await getSignInState(db, account.id))!;
  if (state.lockedUntil && Date.parse(state.lockedUntil) > opts.now.getTime()) {
    throw ApiError.of('FORBIDDEN', 'User ID terkunci sementara karena terlalu banyak percobaan gagal', {
      lockedUntil: state.lockedUntil,
    });
  }
  const totpOk =
    !state.totpEnabled ||
    (input.totp !== undefined && (await checkTotp(state.totpSecret!, input.totp, opts.now)));
  if (!passwordOk || !totpOk) {
    await recordFailedAttempt(db, account, opts);
    if (passwordOk && state.totpEnabled) {
      throw ApiError.of('UNAUTHENTICATED', 'Kode TOTP diperlukan atau salah', { totpRequired: true });
    }
    throw ApiError.of('UNAUTHENTICATED', FAILED);
  }
  if (!account.isActive) throw ApiError.of('FORBIDDEN', 'User ID non aktif, silahkan menghubungi Admin');
  await clearFailedLogins(db, account.id);
  return account;
}

/**
 * Counts a failed attempt of an account (a wrong password or code at sign-in, a wrong current password at a
 * password change, a wrong password on the wire); the `lockoutThreshold`-th in a row locks it for
 * `lockoutMinutes`, written to the admin audit in the same transaction. Returns whether it is now locked.
 */
export async function recordFailedAttempt(
  db: Db,
  account: Account,
  opts: {
    config: Pick<Config, 'lockoutThreshold' | 'lockoutMinutes'>;
    now: Date;
    ip: string | null;
    requestId: string | null;
  },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const n = await countFailedLogin(tx, account.id);
    if (n < opts.config.lockoutThreshold) return false;
    const until = new Date(opts.now.getTime() + opts.config.lockoutMinutes * 60_000);
    await lockAccount(tx, account.id, until);
    await recordAdminChange(
      { db: tx, now: opts.now },
      { ...SERVER_ACTOR, ip: opts.ip, requestId: opts.requestId },
      {
        action: 'account.locked',
        entityType: 'account',
        entityId: account.id,
        officeId: await accountOfficeId(tx, account),
        institutionId: account.institutionId,
        after: { lockedUntil: until.toISOString(), failedLogins: n },
      },
    );
    return true;
  });
}

/** Whether an account's sign-in lockout is in force at `now`. */
export async function isLocked(db: Db, accountId: string, now: Date): Promise<string | null> {
  const state = await getSignInState(db, accountId);
  return state?.lockedUntil && Date.parse(state.lockedUntil) > now.getTime() ? state.lockedUntil : null;
}

/**
 * The signed-in person chooses a new password, giving the current one (a one-time password after a user-ID
 * request, or their own). A wrong current password counts toward the lockout. Clears the must-change flag;
 * every token and session begun before it ends. Audited without either password.
 */
export async function changeOwnPassword(
  ctx: ServiceContext,
  actor: Actor,
  {
    attempt,
    ...input
  }: { currentPassword: string; newPassword: string; attempt: Omit<SignInOptions, 'now'> },
): Promise<Account> {
  const { db, now } = ctx;
  const opts: SignInOptions = { ...attempt, now };
  const account = actor.account!;
  const lockedUntil = await isLocked(db, account.id, opts.now);
  if (lockedUntil) {
    throw ApiError.of('FORBIDDEN', 'User ID terkunci sementara karena terlalu banyak percobaan gagal', {
      lockedUntil,
    });
  }
  const found = await findAccountForLogin(db, account.username);
  if (!found || !(await verifyPassword(found.passwordHash, input.currentPassword))) {
    if (found) await recordFailedAttempt(db, account, opts);
    throw ApiError.of('PASSWORD_CURRENT_WRONG', 'Password saat ini salah', [
      { path: '/currentPassword', message: 'Password saat ini salah' },
    ]);
  }
  if (input.newPassword === input.currentPassword) {
    throw ApiError.of('PASSWORD_UNCHANGED', 'Password baru harus berbeda dari password saat ini', [
      { path: '/newPassword', message: 'Password baru harus berbeda dari password saat ini' },
    ]);
  }
  return db.transaction(async (tx) => {
    const after = await setOwnPassword(tx, account.id, input.newPassword, opts.now);
    await clearFailedLogins(tx, account.id);
    await recordAdminChange({ db: tx, now: opts.now }, actor, {
      action: 'account.password_changed',
      entityType: 'account',
      entityId: account.id,
      officeId: await accountOfficeId(tx, account),
      institutionId: account.institutionId,
      before: { mustChangePassword: found.mustChangePassword },
      after: { mustChangePassword: false, passwordChangedAt: after.passwordChangedAt },
    });
    return after;
  });
}

/** The office whose area an account is in: its institution's managing office, or its own office. */
export async function accountOfficeId(db: Db, account: Account): Promise<string | null> {
  if (!account.institutionId) return account.officeId;
  const { rows } = await db.query<{ officeId: string }>(
    `SELECT office_id AS "officeId" FROM institutions WHERE id = $1`,
    [account.institutionId],
  );
  return rows[0]?.officeId ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Browser sessions: a random cookie value; only its SHA-256 is stored.

const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');

export async function startSession(
  db: Db,
  account: Account,
  opts: { now: Date; ip: string },
): Promise<string> {
  const value = randomBytes(32).toString('base64url');
  await insertSession(db, { id: hashOf(value), accountId: account.id, now: opts.now, callerIp: opts.ip });
  return value;
}

/** The account of a live session (touching it), or null when unknown, ended, idle too long, or voided. */
export async function accountForSession(
  db: Db,
  value: string,
  opts: { now: Date; idleMinutes: number },
): Promise<Account | null> {
  const idleSince = new Date(opts.now.getTime() - opts.idleMinutes * 60_000);
  const session = await touchSession(db, hashOf(value), opts.now, idleSince);
  if (!session) return null;
  const account = await getAccount(db, session.accountId);
  // A password change ends every session begun before it.
  if (!account || Date.parse(session.createdAt) < Date.parse(account.passwordChangedAt)) return null;
  return account;
}

export function endSessionByValue(db: Db, value: string, now: Date): Promise<void> {
  return endSession(db, hashOf(value), now);
}

// ---------------------------------------------------------------------------------------------------------
// TOTP enrolment: a new secret (not yet required), then a verified code turns it on.

export async function enrolTotp(db: Db, account: Account): Promise<{ secret: string; uri: string }> {
  const state = (await getSignInState(db, account.id))!;
  if (state.totpEnabled) throw ApiError.of('TOTP_ENROLLED');
  const secret = await newTotpSecret();
  await setTotp(db, account.id, secret, false);
  return { secret, uri: await totpUri(secret, account.username) };
}

export async function confirmTotp(ctx: ServiceContext, actor: Actor, code: string): Promise<void> {
  const { db, now } = ctx;
  const account = actor.account!;
  const state = (await getSignInState(db, account.id))!;
  if (state.totpEnabled) throw ApiError.of('TOTP_ENROLLED');
  if (!state.totpSecret) throw ApiError.of('TOTP_NOT_ENROLLED');
  if (!(await checkTotp(state.totpSecret, code, now))) {
    throw ApiError.of('TOTP_CODE_WRONG');
  }
  await db.transaction(async (tx) => {
    await setTotp(tx, account.id, state.totpSecret, true);
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'account.totp_enabled',
      entityType: 'account',
      entityId: account.id,
      officeId: await accountOfficeId(tx, account),
      institutionId: account.institutionId,
      after: { totpEnabled: true },
    });
  });
}

export async function isTotpEnabled(db: Db, accountId: string): Promise<boolean> {
  return (await getSignInState(db, accountId))?.totpEnabled ?? false;
}

/** Lifts a lockout and clears the failed-attempt count (an officer or the server's operator), audited. */
export async function unlockAccount(ctx: ServiceContext, actor: Actor, account: Account): Promise<void> {
  const { db, now } = ctx;
  await db.transaction(async (tx) => {
    const before = (await getSignInState(tx, account.id))!;
    await clearFailedLogins(tx, account.id);
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'account.unlocked',
      entityType: 'account',
      entityId: account.id,
      officeId: await accountOfficeId(tx, account),
      institutionId: account.institutionId,
      before: { failedLogins: before.failedLogins, lockedUntil: before.lockedUntil },
      after: { failedLogins: 0, lockedUntil: null },
    });
  });
}

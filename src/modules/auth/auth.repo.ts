import type { Db } from '../../db/db.ts';

/** Sign-in state of an account: failed attempts, lockout, TOTP. */
export interface SignInState {
  failedLogins: number;
  lockedUntil: string | null;
  totpSecret: string | null;
  totpEnabled: boolean;
}

export async function getSignInState(db: Db, accountId: string): Promise<SignInState | null> {
  const { rows } = await db.query<SignInState>(
    `SELECT failed_logins AS "failedLogins", locked_until AS "lockedUntil", totp_secret AS "totpSecret",
            totp_enabled AS "totpEnabled"
       FROM user_accounts WHERE id = $1`,
    [accountId],
  );
  return rows[0] ?? null;
}

/** Counts a failed attempt; returns the new count. */
export async function countFailedLogin(db: Db, accountId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `UPDATE user_accounts SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins AS n`,
    [accountId],
  );
  return rows[0]?.n ?? 0;
}

export async function lockAccount(db: Db, accountId: string, until: Date): Promise<void> {
  await db.query(`UPDATE user_accounts SET locked_until = $2, failed_logins = 0 WHERE id = $1`, [
    accountId,
    until.toISOString(),
  ]);
}

export async function clearFailedLogins(db: Db, accountId: string): Promise<void> {
  await db.query(
    `UPDATE user_accounts SET failed_logins = 0, locked_until = NULL
      WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)`,
    [accountId],
  );
}

export async function setTotp(db: Db, accountId: string, secret: string | null, enabled: boolean) {
  await db.query(`UPDATE user_accounts SET totp_secret = $2, totp_enabled = $3 WHERE id = $1`, [
    accountId,
    secret,
    enabled,
  ]);
}

export interface SessionRow {
  id: string;
  accountId: string;
  createdAt: string;
  lastSeenAt: string;
}

export async function insertSession(
  db: Db,
  s: { id: string; accountId: string; now: Date; callerIp: string },
): Promise<void> {
  await db.query(
    `INSERT INTO sessions (id, account_id, created_at, last_seen_at, caller_ip) VALUES ($1, $2, $3, $3, $4)`,
    [s.id, s.accountId, s.now.toISOString(), s.callerIp],
  );
}

/**
 * The live session with this id, touched (last seen = now); null when unknown, ended, or idle since before
 * `idleSince`.
 */
export async function touchSession(
  db: Db,
  id: string,
  now: Date,
  idleSince: Date,
): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>(
    `UPDATE sessions SET last_seen_at = $2
      WHERE id = $1 AND ended_at IS NULL AND last_seen_at > $3
      RETURNING id, account_id AS "accountId", created_at AS "createdAt", last_seen_at AS "lastSeenAt"`,
    [id, now.toISOString(), idleSince.toISOString()],
  );
  return rows[0] ?? null;
}

export async function endSession(db: Db, id: string, now: Date): Promise<void> {
  await db.query(`UPDATE sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL`, [
    id,
    now.toISOString(),
  ]);
}

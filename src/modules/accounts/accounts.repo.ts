import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import { hashPassword } from '../auth/password.ts';
import type { z } from 'zod';
import type { accountView, Role } from './accounts.schema.ts';

// The roles live beside the view that answers them; re-exported here for the modules that import them from the repo.
export { ROLES, type Role } from './accounts.schema.ts';

/** An account as the repository reads it and the API answers it (the zod view is the one source). */
export type Account = z.output<typeof accountView>;

const COLUMNS = `id, username, role, full_name AS "fullName", institution_id AS "institutionId",
  office_id AS "officeId", is_active AS "isActive", daily_quota AS "dailyQuota",
  password_changed_at AS "passwordChangedAt", must_change_password AS "mustChangePassword",
  email, created_at AS "createdAt"`;

export interface NewAccount {
  username: string;
  password: string;
  role: Role;
  fullName: string;
  institutionId?: string | null;
  officeId?: string | null;
  dailyQuota?: number | null;
  isActive?: boolean;
  mustChangePassword?: boolean;
  email?: string | null;
}

export async function insertAccount(db: Db, a: NewAccount): Promise<Account> {
  const { rows } = await db.query<Account>(
    `INSERT INTO user_accounts (id, username, password_hash, role, full_name, institution_id, office_id,
                                daily_quota, is_active, must_change_password, email)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
    [
      newId('usr'),
      a.username,
      await hashPassword(a.password),
      a.role,
      a.fullName,
      a.institutionId ?? null,
      a.officeId ?? null,
      a.dailyQuota ?? null,
      a.isActive ?? true,
      a.mustChangePassword ?? false,
      a.email ?? null,
    ],
  );
  return rows[0]!;
}

export async function findAccountForLogin(
  db: Db,
  username: string,
): Promise<(Account & { passwordHash: string }) | null> {
  // No user ID holds a NUL (PostgreSQL text cannot), and the query would fail on one: unknown user.
  if (username.includes('\0')) return null;
  const { rows } = await db.query<Account & { passwordHash: string }>(
    `SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM user_accounts WHERE username = $1`,
    [username],
  );
  return rows[0] ?? null;
}

export async function getAccount(db: Db, id: string): Promise<Account | null> {
  const { rows } = await db.query<Account>(`SELECT ${COLUMNS} FROM user_accounts WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listAccounts(
  db: Db,
  filter: { institutionId?: string | undefined; officeIds?: string[] | undefined },
): Promise<Account[]> {
  const { rows } = await db.query<Account>(
    `SELECT ${COLUMNS} FROM user_accounts a
      WHERE ($1::text IS NULL OR institution_id = $1)
        AND ($2::text[] IS NULL OR institution_id IN (SELECT id FROM institutions WHERE office_id = ANY($2))
                                OR office_id = ANY($2))
      ORDER BY username`,
    [filter.institutionId ?? null, filter.officeIds ?? null],
  );
  return rows;
}

export async function updateAccount(
  db: Db,
  id: string,
  patch: {
    isActive?: boolean;
    dailyQuota?: number | null;
    fullName?: string;
    password?: string;
    email?: string | null;
  },
): Promise<Account | null> {
  const hash = patch.password === undefined ? null : await hashPassword(patch.password);
  const { rows } = await db.query<Account>(
    `UPDATE user_accounts SET
        is_active = coalesce($2, is_active),
        daily_quota = CASE WHEN $3 THEN $4::int ELSE daily_quota END,
        full_name = coalesce($5, full_name),
        password_hash = coalesce($6, password_hash),
        password_changed_at = CASE WHEN $6::text IS NULL THEN password_changed_at ELSE now() END,
        email = CASE WHEN $7 THEN $8::text ELSE email END
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      patch.isActive ?? null,
      patch.dailyQuota !== undefined,
      patch.dailyQuota ?? null,
      patch.fullName ?? null,
      hash,
      patch.email !== undefined,
      patch.email ?? null,
    ],
  );
  return rows[0] ?? null;
}

/**
 * The person's own new password: clears the must-change flag; `now` (the app's clock) becomes the password
 * change time, which voids every token and session begun before it.
 */
export async function setOwnPassword(db: Db, id: string, password: string, now: Date): Promise<Account> {
  const { rows } = await db.query<Account>(
    `UPDATE user_accounts SET password_hash = $2, password_changed_at = $3, must_change_password = false
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, await hashPassword(password), now.toISOString()],
  );
  return rows[0]!;
}

export async function isUsernameTaken(db: Db, username: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM user_accounts WHERE username = $1`, [username]);
  return rows.length > 0;
}

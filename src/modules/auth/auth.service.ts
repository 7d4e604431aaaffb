import type { Db } from '../../db/db.ts';
import { getAccount, type Account } from '../accounts/accounts.repo.ts';

/**
 * The account a verified token names, or null when it is gone or the token was issued (milliseconds) before
 * the account's last password change.
 */
export async function accountForToken(
  db: Db,
  token: { accountId: string; issuedAt: number },
): Promise<Account | null> {
  const account = await getAccount(db, token.accountId);
  if (!account || token.issuedAt < Date.parse(account.passwordChangedAt)) return null;
  return account;
}

import type { Db } from '../../db/db.ts';
import { getAccount, type Account } from '../accounts/accounts.repo.ts';

/** The account a verified token names, or null when it is gone or the token predates a password change. */
export async function accountForToken(
  db: Db,
  token: { accountId: string; issuedAt: number },
): Promise<Account | null> {
  const account = await getAccount(db, token.accountId);
  if (!account || token.issuedAt < Math.floor(Date.parse(account.passwordChangedAt) / 1000)) return null;
  return account;
}

import type { Db } from '../../db/db.ts';

/**
 * Taking one hit of an account's daily quota. The path depends only on this interface, so a faster
 * implementation (leased blocks of hits held in memory) can replace the database one without reshaping it.
 */
export interface QuotaGate {
  /**
   * Takes one hit for `accountId` on the WIB civil day `day` ('YYYY-MM-DD'). `limit` null means unlimited
   * (the hit is still counted). Resolves `{ taken: false }` when the day's quota is used up.
   */
  take(accountId: string, limit: number | null, day: string): Promise<{ taken: boolean; used: number }>;
  /** Hits counted for `accountId` on `day`. */
  used(accountId: string, day: string): Promise<number>;
}

export class DbQuotaGate implements QuotaGate {
  constructor(private readonly db: Db) {}

  async take(
    accountId: string,
    limit: number | null,
    day: string,
  ): Promise<{ taken: boolean; used: number }> {
    if (limit !== null && limit <= 0) return { taken: false, used: await this.used(accountId, day) };
    // One atomic statement: the row lock of the upsert serialises concurrent hits of one account, and the
    // WHERE refuses the hit after the last allowed one (no row comes back).
    const { rows } = await this.db.query<{ used: number }>(
      `INSERT INTO quota_usage (account_id, day, used) VALUES ($1, $2, 1)
       ON CONFLICT (account_id, day) DO UPDATE SET used = quota_usage.used + 1
         WHERE $3::int IS NULL OR quota_usage.used < $3::int
       RETURNING used`,
      [accountId, day, limit],
    );
    if (rows[0]) return { taken: true, used: rows[0].used };
    return { taken: false, used: await this.used(accountId, day) };
  }

  async used(accountId: string, day: string): Promise<number> {
    const { rows } = await this.db.query<{ used: number }>(
      'SELECT used FROM quota_usage WHERE account_id = $1 AND day = $2',
      [accountId, day],
    );
    return rows[0]?.used ?? 0;
  }
}

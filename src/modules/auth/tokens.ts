import { SignJWT, jwtVerify } from 'jose';

/** Bearer tokens for the v1 and admin API: HS256 JWTs (jose) naming the account and when they were issued. */
export class TokenService {
  private readonly key: Uint8Array;
  /**
   * Tokens already verified, until they expire: a client sends the same token with every request, and
   * jose's HMAC check goes through WebCrypto (asynchronous, a key import each time) — measurable on the
   * access path. A token's validity changes only with time, which is checked on every hit.
   */
  private readonly verified = new Map<string, { accountId: string; issuedAt: number; expiresAt: number }>();
  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(accountId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    // `iat` is in whole seconds; `iat_ms` (ours) lets a password change void tokens issued earlier in the
    // same second.
    const token = await new SignJWT({ iat_ms: now.getTime() })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(accountId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .setIssuer('gerbang')
      .sign(this.key);
    return { token, expiresAt: new Date((iat + this.ttlSeconds) * 1000) };
  }

  /** The account ID and issue time (milliseconds) of a valid token, or null. */
  async verify(token: string, now: Date): Promise<{ accountId: string; issuedAt: number } | null> {
    const known = this.verified.get(token);
    if (known) {
      if (now.getTime() < known.expiresAt) {
        return { accountId: known.accountId, issuedAt: known.issuedAt };
      }
      this.verified.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: 'gerbang',
        currentDate: now,
      });
      if (typeof payload.sub !== 'string' || typeof payload.iat_ms !== 'number') return null;
      if (typeof payload.exp === 'number') {
        if (this.verified.size >= 10_000) this.verified.clear();
        this.verified.set(token, {
          accountId: payload.sub,
          issuedAt: payload.iat_ms,
          expiresAt: payload.exp * 1000,
        });
      }
      return { accountId: payload.sub, issuedAt: payload.iat_ms };
    } catch {
      return null;
    }
  }
}

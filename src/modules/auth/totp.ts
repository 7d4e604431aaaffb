import { generate, generateSecret, generateURI, verify } from 'otplib';

/** TOTP (RFC 6238, 30 s, 6 digits) through otplib, on the app's clock so tests can move time. */
export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, username: string): string {
  return generateURI({ issuer: 'Gerbang', label: username, secret });
}

/** Accepts the code of the current 30-second step or the one before or after it (clock drift). */
export async function checkTotp(secret: string, code: string, now: Date): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  try {
    const r = await verify({
      secret,
      token: code,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: 30,
    });
    return r.valid;
  } catch {
    return false;
  }
}

/** The current code (tests and the CLI's self-check). */
export function totpCode(secret: string, now: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
}

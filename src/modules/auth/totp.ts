/** TOTP (RFC 6238, 30 s, 6 digits) through otplib (loaded on first use), on the app's clock. */
const otp = () => import('otplib');

export async function newTotpSecret(): Promise<string> {
  return (await otp()).generateSecret();
}

export async function totpUri(secret: string, username: string): Promise<string> {
  return (await otp()).generateURI({ issuer: 'Gerbang', label: username, secret });
}

/** Accepts the code of the current 30-second step or the one before or after it (clock drift). */
export async function checkTotp(secret: string, code: string, now: Date): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  try {
    const r = await (
      await otp()
    ).verify({
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
export async function totpCode(secret: string, now: Date): Promise<string> {
  return (await otp()).generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
}

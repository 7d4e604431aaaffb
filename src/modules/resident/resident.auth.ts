import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { CodeSender, ResidentContact } from './resident.delivery.ts';

/**
 * The resident's sign-in: a NIK, then a one-time code sent to the contact the registry holds for it.
 *
 * Enumeration resistance: asking for a code answers the same (202, same body) whether the NIK exists, has a
 * contact or neither, and the code is sent without the request waiting for it (no timing difference). Every
 * request and every failed code counts per NIK — whether or not it exists — and per address, so the limits
 * and the lockout behave the same for any NIK.
 */
export const CODE_TTL_MS = 10 * 60_000;
export const LIMITS = {
  /** Code requests per NIK and per address in the window. */
  codesPerNik: 3,
  codesPerAddress: 20,
  /** Failed codes per NIK before the NIK is locked, and per address, in the window. */
  failuresPerNik: 5,
  failuresPerAddress: 20,
  windowMs: 30 * 60_000,
  /** Wrong codes one code takes before it is void. */
  attemptsPerCode: 5,
} as const;

const codeHash = (secret: string, id: string, code: string) =>
  createHmac('sha256', secret).update(`resident-code:${id}:${code}`).digest('hex');

async function countEvents(db: Db, key: string, kind: string, since: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM resident_sign_in_events WHERE key = $1 AND kind = $2 AND at > $3`,
    [key, kind, since.toISOString()],
  );
  return rows[0]!.n;
}

async function addEvent(db: Db, key: string, kind: string, now: Date): Promise<void> {
  await db.query(`INSERT INTO resident_sign_in_events (key, kind, at) VALUES ($1, $2, $3)`, [
    key,
    kind,
    now.toISOString(),
  ]);
}

const tooMany = () =>
  ApiError.of('RATE_LIMITED', 'Terlalu banyak percobaan; silakan coba lagi nanti', { retryAfterMinutes: 30 });

async function contactOf(db: Db, nik: string): Promise<ResidentContact | null> {
  const { rows } = await db.query<ResidentContact>(
    `SELECT c.email, c.phone FROM resident_contacts c JOIN residents r ON r.nik = c.nik
      WHERE c.nik = $1 AND r.record_status = 'active'`,
    [nik],
  );
  return rows[0] ?? null;
}

/** Asks for a sign-in code: the same answer whatever the NIK; the code goes to the registry's contact. */
export async function requestCode(
  db: Db,
  opts: {
    nik: string;
    ip: string;
    now: Date;
    secret: string;
    sender: CodeSender;
    onError: (e: unknown) => void;
  },
): Promise<void> {
  const since = new Date(opts.now.getTime() - LIMITS.windowMs);
  const nikKey = `nik:${opts.nik}`;
  const ipKey = `ip:${opts.ip}`;
  if (
    (await countEvents(db, ipKey, 'code_requested', since)) >= LIMITS.codesPerAddress ||
    (await countEvents(db, nikKey, 'code_requested', since)) >= LIMITS.codesPerNik ||
    (await countEvents(db, nikKey, 'code_failed', since)) >= LIMITS.failuresPerNik
  ) {
    throw tooMany();
  }
  await addEvent(db, nikKey, 'code_requested', opts.now);
  await addEvent(db, ipKey, 'code_requested', opts.now);
  const contact = await contactOf(db, opts.nik);
  if (!contact) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = newId('rsc');
  // A new code replaces any earlier one still open.
  await db.query(
    `UPDATE resident_sign_in_codes SET expires_at = $2 WHERE nik = $1 AND used_at IS NULL AND expires_at > $2`,
    [opts.nik, opts.now.toISOString()],
  );
  await db.query(
    `INSERT INTO resident_sign_in_codes (id, nik, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [
      id,
      opts.nik,
      codeHash(opts.secret, id, code),
      opts.now.toISOString(),
      new Date(opts.now.getTime() + CODE_TTL_MS).toISOString(),
    ],
  );
  // Not awaited: the answer must not take longer for a NIK that has a contact.
  opts.sender.send(contact, code).catch(opts.onError);
}

/**
 * Checks a code and starts a resident session (the cookie value is returned; only its SHA-256 is stored).
 * Any failure — unknown NIK, no code, wrong or expired code — is the same 401; the NIK's failures count toward
 * its lockout.
 */
export async function signInWithCode(
  db: Db,
  opts: { nik: string; code: string; ip: string; now: Date; secret: string },
): Promise<string> {
  const since = new Date(opts.now.getTime() - LIMITS.windowMs);
  const nikKey = `nik:${opts.nik}`;
  const ipKey = `ip:${opts.ip}`;
  if (
    (await countEvents(db, nikKey, 'code_failed', since)) >= LIMITS.failuresPerNik ||
    (await countEvents(db, ipKey, 'code_failed', since)) >= LIMITS.failuresPerAddress
  ) {
    throw tooMany();
  }
  const ok = await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; codeHash: string; attempts: number }>(
      `SELECT id, code_hash AS "codeHash", attempts FROM resident_sign_in_codes
        WHERE nik = $1 AND used_at IS NULL AND expires_at > $2 AND attempts < $3
        ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
      [opts.nik, opts.now.toISOString(), LIMITS.attemptsPerCode],
    );
    const c = rows[0];
    if (!c) return false;
    const given = Buffer.from(codeHash(opts.secret, c.id, opts.code));
    if (timingSafeEqual(given, Buffer.from(c.codeHash))) {
      await tx.query(`UPDATE resident_sign_in_codes SET used_at = $2 WHERE id = $1`, [
        c.id,
        opts.now.toISOString(),
      ]);
      return true;
    }
    await tx.query(`UPDATE resident_sign_in_codes SET attempts = attempts + 1 WHERE id = $1`, [c.id]);
    return false;
  });
  if (!ok) {
    await addEvent(db, nikKey, 'code_failed', opts.now);
    await addEvent(db, ipKey, 'code_failed', opts.now);
    throw ApiError.of('UNAUTHENTICATED', 'NIK atau kode tidak sesuai, atau kode sudah tidak berlaku');
  }
  const value = randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO resident_sessions (id, nik, created_at, last_seen_at, caller_ip) VALUES ($1, $2, $3, $3, $4)`,
    [sessionId(value), opts.nik, opts.now.toISOString(), opts.ip],
  );
  return value;
}

const sessionId = (value: string) => createHash('sha256').update(value).digest('hex');

/** The NIK of a live resident session (touched), or null when unknown, ended or idle too long. */
export async function residentOfSession(
  db: Db,
  value: string,
  opts: { now: Date; idleMinutes: number },
): Promise<string | null> {
  const idleSince = new Date(opts.now.getTime() - opts.idleMinutes * 60_000);
  const { rows } = await db.query<{ nik: string }>(
    `UPDATE resident_sessions SET last_seen_at = $2
      WHERE id = $1 AND ended_at IS NULL AND last_seen_at > $3 RETURNING nik`,
    [sessionId(value), opts.now.toISOString(), idleSince.toISOString()],
  );
  return rows[0]?.nik ?? null;
}

export async function endResidentSession(db: Db, value: string, now: Date): Promise<void> {
  await db.query(`UPDATE resident_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL`, [
    sessionId(value),
    now.toISOString(),
  ]);
}

/** The resident session's CSRF token: an HMAC of the cookie, distinct from the portal's. */
export function residentCsrfToken(secret: string, value: string): string {
  return createHmac('sha256', secret).update(`resident-csrf:${value}`).digest('base64url');
}

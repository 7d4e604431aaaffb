import { createHash } from 'node:crypto';
import { toWellFormedText } from '../../lib/text.ts';
import type { AuditEntry } from './audit.entry.ts';

/**
 * The one canonicalisation of an access-audit row (issue #17 item 2). Every value a caller can influence
 * passes through `canonicalRow` exactly once, before the row is hashed and before it is stored; the hash and
 * the database then see the same string, whatever the caller sent:
 *
 * - a lone UTF-16 surrogate (`"probe\ud800"`) becomes U+FFFD. The database stores UTF-8, and UTF-8 cannot
 *   hold a lone surrogate: the driver would replace it on the way in while the hash covered the original.
 * - NUL is dropped: PostgreSQL text cannot hold it (one NUL would fail the whole batch, other callers' rows
 *   with it).
 * - a string longer than `MAX_FIELD_UNITS` UTF-16 units is cut there (after the two steps above, so a
 *   surrogate pair split by the cut is replaced too). This bounds the row (an indexed text column holds at
 *   most ~2.7 kB) and what one caller can make the audit store.
 * - U+FEFF (byte order mark / zero-width no-break space) becomes U+FFFD: PGlite's text decoding drops a
 *   leading one when it reads the row back, so the stored row would differ from what was hashed (found by the
 *   edge fuzz, `src/test/edge.fuzz.ts`). Replaced everywhere, not only in front, so the rule is idempotent.
 * - nothing else: non-characters (U+FFFE, U+FFFF, …) and either normalisation form (NFC, NFD) are valid
 *   UTF-8 and are stored, hashed and read back byte for byte. Not normalising keeps what the caller sent.
 *
 * The surrogate replacement is `toWellFormedText` (src/lib/text.ts), the same pattern the edge rule refuses.
 */
export const MAX_FIELD_UNITS = 256;
/** The most element codes a row keeps per list (a wire body can name any number of keys). */
export const MAX_ELEMENTS = 64;

/** The row as it is hashed and stored: every field canonical, `at` as ISO 8601 UTC with milliseconds. */
export type CanonicalRow = Readonly<{
  at: string;
  requestId: string;
  protocol: AuditEntry['protocol'];
  method: AuditEntry['method'];
  institutionId: string | null;
  accountId: string | null;
  username: string | null;
  nik: string | null;
  elementsRequested: readonly string[];
  elementsReturned: readonly string[];
  outcome: string;
  callerIp: string;
  agreementVersionId: string | null;
  purpose: string | null;
  purposeDefaulted: boolean;
}>;

/** One string made storable and hashable: well-formed, no NUL, bounded. Idempotent. */
export function canonicalText(v: string): string {
  let s = v.includes('\0') ? v.replaceAll('\0', '') : v;
  if (s.length > MAX_FIELD_UNITS) s = s.slice(0, MAX_FIELD_UNITS);
  if (s.includes('\uFEFF')) s = s.replaceAll('\uFEFF', '\uFFFD');
  return toWellFormedText(s);
}

const orNull = (v: string | null | undefined): string | null => (v == null ? null : canonicalText(v));
const list = (v: readonly string[]): string[] => v.slice(0, MAX_ELEMENTS).map(canonicalText);

export function canonicalRow(e: AuditEntry): CanonicalRow {
  return {
    at: e.at.toISOString(),
    requestId: canonicalText(e.requestId),
    protocol: e.protocol,
    method: e.method,
    institutionId: orNull(e.institutionId),
    accountId: orNull(e.accountId),
    username: orNull(e.username),
    nik: orNull(e.nik),
    elementsRequested: list(e.elementsRequested),
    elementsReturned: list(e.elementsReturned),
    outcome: canonicalText(e.outcome),
    callerIp: canonicalText(e.callerIp),
    agreementVersionId: orNull(e.agreementVersionId),
    purpose: orNull(e.purpose),
    purposeDefaulted: e.purposeDefaulted === true,
  };
}

/**
 * The row's canonical encoding: a JSON array of its fields in a fixed order (ours: no library defines one
 * for this row), so it is unambiguous and the same in every process and on every driver. The fields are
 * canonical, so the JSON is well-formed UTF-8.
 *
 * The purpose (migration 033) is appended — two more members, the code and whether it was the agreement's
 * default — only when the row has one, so every row written before purposes existed (purpose null, not
 * defaulted) keeps its encoding and its commitment; the array's length tells the two forms apart.
 */
export function encodeCanonical(r: CanonicalRow): string {
  const fields: unknown[] = [
    r.at,
    r.requestId,
    r.protocol,
    r.method,
    r.institutionId,
    r.accountId,
    r.username,
    r.nik,
    r.elementsRequested,
    r.elementsReturned,
    r.outcome,
    r.callerIp,
    r.agreementVersionId,
  ];
  if (r.purpose !== null || r.purposeDefaulted) fields.push(r.purpose, r.purposeDefaulted);
  return JSON.stringify(fields);
}

const COMMITMENT_PREFIX = Buffer.from('gerbang/access-audit-leaf/v1\n', 'utf8');
export const SALT_BYTES = 32;

/**
 * The leaf of the transparency log: SHA-256 over a domain prefix, the row's secret random salt and its
 * canonical encoding. The salt stays in the private row, so the public commitment reveals nothing about who
 * was looked up or by whom (it cannot be confirmed by guessing a NIK), yet anyone given the row and its salt
 * can recompute it.
 */
export function leafCommitment(salt: Uint8Array, r: CanonicalRow): Buffer {
  return createHash('sha256')
    .update(COMMITMENT_PREFIX)
    .update(salt)
    .update(encodeCanonical(r), 'utf8')
    .digest();
}

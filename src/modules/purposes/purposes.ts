import type { ServiceContext } from '../../core/service-context.ts';
import { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import type { Actor } from '../../core/actor.ts';

/**
 * The purpose catalogue (issue #15 §1): structured purposes kept by the central office. An agreement's terms
 * grant one or more of them (agreement_versions.purpose_codes) and name a default; every access attempt states
 * one (v1 `purpose`, wire `TUJUAN`) or gets the default, and the audit row records it.
 */
export const purposeCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{1,31}$/, 'A purpose code: 2–32 of A-Z 0-9 _, starting with a letter')
  .describe('A purpose code of the catalogue (GET /v1/purposes), e.g. BANSOS');

export const purposeInput = z.object({
  code: purposeCode,
  label: z.string().trim().min(3).max(200).describe('Indonesian label, shown to residents'),
  description: z.string().trim().min(3).max(1000),
  isActive: z.boolean().default(true).describe('An inactive purpose cannot be granted by new terms'),
});
export type PurposeInput = z.input<typeof purposeInput>;

export const purposeView = z.object({
  code: z.string(),
  label: z.string(),
  description: z.string(),
  isActive: z.boolean(),
});
export type Purpose = z.infer<typeof purposeView>;

const COLUMNS = `code, label, description, is_active AS "isActive"`;

export async function listPurposes(db: Db): Promise<Purpose[]> {
  const { rows } = await db.query<Purpose>(`SELECT ${COLUMNS} FROM purposes ORDER BY code`);
  return rows;
}

async function purposeOf(db: Db, code: string): Promise<Purpose | null> {
  const { rows } = await db.query<Purpose>(`SELECT ${COLUMNS} FROM purposes WHERE code = $1`, [code]);
  return rows[0] ?? null;
}

/** Records a purpose or changes its label, description or active flag; central office; admin-audited. */
export async function recordPurpose(
  ctx: ServiceContext,
  actor: Actor,
  input: PurposeInput,
): Promise<Purpose> {
  const { db, now } = ctx;
  const p = purposeInput.parse(input);
  return db.transaction(async (tx) => {
    const before = await purposeOf(tx, p.code);
    const { rows } = await tx.query<Purpose>(
      `INSERT INTO purposes (code, label, description, is_active, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO UPDATE SET label = EXCLUDED.label, description = EXCLUDED.description,
                                        is_active = EXCLUDED.is_active
       RETURNING ${COLUMNS}`,
      [p.code, p.label, p.description, p.isActive, now.toISOString()],
    );
    const after = rows[0]!;
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'purpose.record',
      entityType: 'purpose',
      entityId: p.code,
      officeId: null,
      before,
      after,
    });
    return after;
  });
}

/**
 * Checks the purposes new terms grant: each in the catalogue and active, the default among them (the first
 * when none is named). Returns the normalised pair.
 */
export async function checkGrantedPurposes(
  db: Db,
  codes: readonly string[],
  defaultPurpose: string | null | undefined,
): Promise<{ purposeCodes: string[]; defaultPurpose: string | null }> {
  const unique = [...new Set(codes)];
  if (unique.length > 0) {
    const { rows } = await db.query<{ code: string }>(
      `SELECT code FROM purposes WHERE code = ANY($1) AND is_active`,
      [unique],
    );
    const known = new Set(rows.map((r) => r.code));
    const unknown = unique.filter((c) => !known.has(c));
    if (unknown.length > 0) {
      throw ApiError.of('PURPOSE_UNKNOWN', `Not an active purpose of the catalogue: ${unknown.join(', ')}`);
    }
  }
  const chosen = defaultPurpose ?? unique[0] ?? null;
  if (chosen !== null && !unique.includes(chosen)) {
    throw ApiError.of(
      'DEFAULT_PURPOSE_NOT_GRANTED',
      `The default purpose ${chosen} is not among the granted purposes`,
    );
  }
  return { purposeCodes: unique, defaultPurpose: chosen };
}

/**
 * The purpose of one access attempt against an agreement: the stated one if the agreement grants it; the
 * agreement's default when none is stated (legacy clients; `defaulted`); else refused. An agreement that
 * grants no purpose (recorded before the catalogue) accepts attempts stating none (purpose null).
 */
export function resolvePurpose(
  agreement: { purposeCodes: readonly string[]; defaultPurpose: string | null },
  stated: string | undefined,
): { ok: true; purpose: string | null; defaulted: boolean } | { ok: false } {
  if (stated === undefined || stated === '') {
    return { ok: true, purpose: agreement.defaultPurpose, defaulted: agreement.defaultPurpose !== null };
  }
  return agreement.purposeCodes.includes(stated)
    ? { ok: true, purpose: stated, defaulted: false }
    : { ok: false };
}

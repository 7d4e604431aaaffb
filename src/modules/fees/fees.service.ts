import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { newId } from '../../lib/ids.ts';
import { wibDay } from '../../lib/time.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { inScope, type Actor } from '../../core/actor.ts';
import { getInstitution, type Institution } from '../institutions/institutions.repo.ts';
import type { z } from 'zod';
import type { depositView, FeeClass, TariffItem, tariffView } from './fees.schema.ts';

// The classes and tariff items live beside the views that answer them; re-exported for the modules importing them.
export { FEE_CLASSES, TARIFF_ITEMS, type FeeClass, type TariffItem } from './fees.schema.ts';

/**
 * Fees under PP 10/2023: an institution's class, the tariff table, deposits. Money is integer rupiah: bigint
 * in SQL, read as text and turned into a safe integer here (amounts stay far below 2^53).
 */
// A tariff row and a deposit as the repository reads them and the API answers them (the zod views are the one
// source).
export type Tariff = z.output<typeof tariffView>;
export type Deposit = z.output<typeof depositView>;

/** A bigint column read as text, as a safe integer. */
export function rupiah(v: string | number | bigint | null): number {
  const n = Number(v ?? 0);
  if (!Number.isSafeInteger(n)) throw new Error('A rupiah amount is beyond the safe integer range');
  return n;
}

/** The institution, when the actor may see it (404 otherwise, as for any resource outside the scope). */
export async function institutionInScope(
  ctx: ServiceContext,
  actor: Actor,
  institutionId: string,
): Promise<Institution> {
  const { db } = ctx;
  const institution = await getInstitution(db, institutionId);
  if (!institution || !inScope(actor.scope, { officeId: institution.officeId, institutionId })) {
    throw ApiError.of('NOT_FOUND', 'No such institution');
  }
  return institution;
}

export async function feeClassOf(db: Db, institutionId: string): Promise<FeeClass> {
  const { rows } = await db.query<{ fee_class: FeeClass }>(
    'SELECT fee_class FROM institution_fee_classes WHERE institution_id = $1',
    [institutionId],
  );
  return rows[0]?.fee_class ?? 'government';
}

/** Classifies an institution (government / profit-oriented), with its admin-audit row. */
export async function classifyInstitution(
  ctx: ServiceContext,
  actor: Actor,
  input: { institutionId: string; feeClass: FeeClass },
): Promise<{ institutionId: string; feeClass: FeeClass }> {
  const { db, now } = ctx;
  const institution = await institutionInScope(ctx, actor, input.institutionId);
  return db.transaction(async (tx) => {
    const before = await feeClassOf(tx, institution.id);
    await tx.query(
      `INSERT INTO institution_fee_classes (institution_id, fee_class, classified_by, classified_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (institution_id) DO UPDATE SET fee_class = EXCLUDED.fee_class,
         classified_by = EXCLUDED.classified_by, classified_at = EXCLUDED.classified_at`,
      [institution.id, input.feeClass, actor.account?.id ?? null, now.toISOString()],
    );
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'institution.fee_class',
      entityType: 'institution',
      entityId: institution.id,
      officeId: institution.officeId,
      institutionId: institution.id,
      before: { feeClass: before },
      after: { feeClass: input.feeClass },
    });
    return { institutionId: institution.id, feeClass: input.feeClass };
  });
}

const TARIFF_COLUMNS = `id, item, fee_class AS "feeClass", rupiah::text AS rupiah,
  to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", legal_basis AS "legalBasis"`;

type TariffRow = Omit<Tariff, 'rupiah'> & { rupiah: string };
const toTariff = (r: TariffRow): Tariff => ({ ...r, rupiah: rupiah(r.rupiah) });

export async function listTariffs(db: Db): Promise<Tariff[]> {
  const { rows } = await db.query<TariffRow>(
    `SELECT ${TARIFF_COLUMNS} FROM fee_tariffs ORDER BY item, fee_class, effective_from`,
  );
  return rows.map(toTariff);
}

/** The tariff of `item` for `feeClass` on `day`: the latest one in effect then; Rp0 when none is. */
export async function tariffOn(db: Db, item: TariffItem, feeClass: FeeClass, day: string): Promise<number> {
  const { rows } = await db.query<{ rupiah: string }>(
    `SELECT rupiah::text AS rupiah FROM fee_tariffs
      WHERE item = $1 AND fee_class = $2 AND effective_from <= $3::date
      ORDER BY effective_from DESC LIMIT 1`,
    [item, feeClass, day],
  );
  return rupiah(rows[0]?.rupiah ?? 0);
}

/**
 * Records a tariff taking effect on `effectiveFrom` (today or later: a charge already made keeps its
 * tariff), with its admin-audit row.
 */
export async function recordTariff(
  ctx: ServiceContext,
  actor: Actor,
  input: Omit<Tariff, 'id'>,
): Promise<Tariff> {
  const { db, now } = ctx;
  if (input.effectiveFrom < wibDay(now)) {
    throw ApiError.of('TARIFF_IN_PAST');
  }
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<TariffRow>(
      `INSERT INTO fee_tariffs (id, item, fee_class, rupiah, effective_from, legal_basis, recorded_by,
                                recorded_at)
       VALUES ($1, $2, $3, $4::bigint, $5, $6, $7, $8) RETURNING ${TARIFF_COLUMNS}`,
      [
        newId('trf'),
        input.item,
        input.feeClass,
        String(input.rupiah),
        input.effectiveFrom,
        input.legalBasis,
        actor.account?.id ?? null,
        now.toISOString(),
      ],
    );
    const tariff = toTariff(rows[0]!);
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'fee_tariff.record',
      entityType: 'fee_tariff',
      entityId: tariff.id,
      officeId: null,
      after: tariff,
    });
    return tariff;
  });
}

const DEPOSIT_COLUMNS = `id, institution_id AS "institutionId", rupiah::text AS rupiah,
  payment_reference AS "paymentReference", to_char(paid_on, 'YYYY-MM-DD') AS "paidOn",
  recorded_at AS "recordedAt"`;
type DepositRow = Omit<Deposit, 'rupiah' | 'recordedAt'> & { rupiah: string; recordedAt: Date | string };
const toDeposit = (r: DepositRow): Deposit => ({
  ...r,
  rupiah: rupiah(r.rupiah),
  recordedAt: new Date(r.recordedAt).toISOString(),
});

/**
 * Records a deposit of a profit-oriented institution with its payment reference (the SIMPONI billing code;
 * one deposit per reference), adding it to the balance, with its admin-audit row.
 */
export async function recordDeposit(
  ctx: ServiceContext,
  actor: Actor,
  input: { institutionId: string; rupiah: number; paymentReference: string; paidOn: string },
): Promise<Deposit> {
  const { db, now } = ctx;
  const institution = await institutionInScope(ctx, actor, input.institutionId);
  if (input.paidOn > wibDay(now)) throw ApiError.of('PAYMENT_DATE_IN_FUTURE');
  return db.transaction(async (tx) => {
    if ((await feeClassOf(tx, institution.id)) !== 'profit_oriented') {
      throw ApiError.of('DEPOSIT_NOT_PROFIT_ORIENTED');
    }
    const taken = await tx.query('SELECT 1 FROM fee_deposits WHERE payment_reference = $1', [
      input.paymentReference,
    ]);
    if (taken.rows.length > 0) throw ApiError.of('PAYMENT_REFERENCE_TAKEN');
    const { rows } = await tx.query<DepositRow>(
      `INSERT INTO fee_deposits (id, institution_id, rupiah, payment_reference, paid_on, recorded_by, recorded_at)
       VALUES ($1, $2, $3::bigint, $4, $5, $6, $7) RETURNING ${DEPOSIT_COLUMNS}`,
      [
        newId('fdp'),
        institution.id,
        String(input.rupiah),
        input.paymentReference,
        input.paidOn,
        actor.account?.id ?? null,
        now.toISOString(),
      ],
    );
    await tx.query(
      `INSERT INTO fee_accounts (institution_id, balance) VALUES ($1, $2::bigint)
       ON CONFLICT (institution_id) DO UPDATE SET balance = fee_accounts.balance + EXCLUDED.balance`,
      [institution.id, String(input.rupiah)],
    );
    const deposit = toDeposit(rows[0]!);
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'fee_deposit.record',
      entityType: 'fee_deposit',
      entityId: deposit.id,
      officeId: institution.officeId,
      institutionId: institution.id,
      after: deposit,
    });
    return deposit;
  });
}

export async function listDeposits(
  ctx: ServiceContext,
  actor: Actor,
  institutionId: string,
): Promise<Deposit[]> {
  const { db } = ctx;
  await institutionInScope(ctx, actor, institutionId);
  const { rows } = await db.query<DepositRow>(
    `SELECT ${DEPOSIT_COLUMNS} FROM fee_deposits WHERE institution_id = $1 ORDER BY recorded_at DESC, id`,
    [institutionId],
  );
  return rows.map(toDeposit);
}

import type { ServiceContext } from '../../core/service-context.ts';
import { addDays } from '../../lib/dates.ts';
import { wibDay } from '../../lib/time.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import type { Actor } from '../../core/actor.ts';
import type { Agreement } from '../agreements/agreements.repo.ts';
import { insertNotifications, recipientsFor } from '../compliance/compliance.repo.ts';
import {
  activeSamsForUpdate,
  insertReturnTask,
  insertSamEvent,
  updateSam,
  type ReturnTask,
} from './card-readers.repo.ts';

/** Days the institution has to return the configuration files of SAMs deactivated at its agreement's end. */
export const SAM_RETURN_DAYS = 14;

/**
 * Called by the agreement lifecycle inside the transaction that ends an agreement (expired, terminated,
 * revoked): a SAM is valid only while a PKS granting the card-reader method is in force, so unless another
 * such agreement of the institution still is, every active SAM of the institution is deactivated at once and
 * a return-the-configuration task opens (due in `SAM_RETURN_DAYS` days; the compliance engine tracks it).
 */
export async function deactivateSamsAtAgreementEnd(
  ctx: ServiceContext,
  actor: Actor,
  { ended, to }: { ended: Agreement; to: string },
): Promise<ReturnTask | null> {
  const { db: tx, now } = ctx;
  const today = wibDay(now);
  const others = await tx.query(
    `SELECT 1 FROM agreements WHERE institution_id = $1 AND id <> $2 AND status IN ('active', 'expiring')
        AND start_date <= $3 AND end_date >= $3 AND 'card_reader' = ANY(methods)`,
    [ended.institutionId, ended.id, today],
  );
  if (others.rows.length > 0) return null;
  const sams = await activeSamsForUpdate(tx, ended.institutionId);
  if (sams.length === 0) return null;
  const reason = `PKS ${ended.registryNumber} ${to}`;
  for (const sam of sams) {
    await updateSam(tx, sam.id, { state: 'deactivated', deactivationReason: reason }, now);
    await insertSamEvent(tx, {
      samId: sam.id,
      from: sam.state,
      to: 'deactivated',
      actorId: actor.account?.id ?? null,
      note: reason,
      now,
    });
  }
  const task = await insertReturnTask(tx, {
    institutionId: ended.institutionId,
    agreementId: ended.id,
    dueOn: addDays(today, SAM_RETURN_DAYS),
    samIds: sams.map((s) => s.id),
    now,
  });
  await recordAdminChange({ db: tx, now }, actor, {
    action: 'sam.deactivate_all',
    entityType: 'sam_return_task',
    entityId: task.id,
    officeId: ended.officeId,
    institutionId: ended.institutionId,
    after: { reason, samIds: task.samIds, dueOn: task.dueOn },
  });
  await insertNotifications(tx, await recipientsFor(tx, ended.institutionId), {
    subject: 'SAM dinonaktifkan: kembalikan file konfigurasi',
    body:
      `${sams.length} kartu SAM dinonaktifkan karena ${reason}. File konfigurasi setiap SAM wajib ` +
      `dikembalikan paling lambat ${task.dueOn}.`,
    now,
  });
  return task;
}

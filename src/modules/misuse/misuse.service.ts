import type { ServiceContext } from '../../core/service-context.ts';
import { ApiError } from '../../core/errors.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { inScope, type Actor } from '../../core/actor.ts';
import type { MisuseGuard } from './misuse.guard.ts';
import { getAlert, markAcknowledged, reinstateAccount, type MisuseAlert } from './misuse.repo.ts';
import { acknowledgeBody, type AcknowledgeInput } from './misuse.schema.ts';

/**
 * An officer's review of a misuse alert: acknowledged with an optional note; with `reinstate`, the account
 * misuse suspended is re-enabled and any throttle lifted. Outside the officer's scope the alert does not
 * exist (404); an alert is acknowledged once (409 after).
 */
export async function acknowledgeAlert(
  ctx: ServiceContext,
  actor: Actor,
  { guard, id, body }: { guard: MisuseGuard; id: string; body: AcknowledgeInput },
): Promise<MisuseAlert & { reinstated: boolean }> {
  const { db, now } = ctx;
  const input = acknowledgeBody.parse(body);
  const alert = await getAlert(db, id);
  if (!alert || !inScope(actor.scope, { officeId: alert.officeId, institutionId: alert.institutionId }))
    throw ApiError.of('NOT_FOUND', 'Alert not found');
  const result = await db.transaction(async (tx) => {
    const done = await markAcknowledged(tx, alert.id, actor.account?.id ?? null, input.note || null);
    if (!done) throw ApiError.of('ALERT_ACKNOWLEDGED');
    const reinstated = input.reinstate ? await reinstateAccount(tx, alert.accountId) : false;
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'misuse_alert.acknowledge',
      entityType: 'misuse_alert',
      entityId: alert.id,
      officeId: alert.officeId,
      institutionId: alert.institutionId,
      before: { acknowledged: false },
      after: { acknowledged: true, reinstated },
    });
    return { ...done, reinstated };
  });
  if (input.reinstate) await guard.lift(alert.accountId);
  return result;
}

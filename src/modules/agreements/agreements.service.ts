import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { inScope, type Actor, type Scope } from '../../core/actor.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import { checkGrantedPurposes } from '../purposes/purposes.ts';
import { insertVersion } from './agreement-versions.repo.ts';
import { getAgreement, insertAgreement, updateAgreement, type Agreement } from './agreements.repo.ts';
import {
  createAgreementBody,
  updateAgreementBody,
  type CreateAgreementInput,
  type UpdateAgreementInput,
} from './agreements.schema.ts';

/** Records an agreement (PKS) of an institution; the managing office signs it. */
export async function createAgreement(
  ctx: ServiceContext,
  actor: Actor,
  { configThreshold, ...input }: { configThreshold: number } & CreateAgreementInput,
): Promise<Agreement> {
  const { db, now } = ctx;
  const a = createAgreementBody.parse(input);
  const institution = await loadInstitution(db, a.institutionId, actor.scope);
  const purposes = await checkGrantedPurposes(db, a.purposeCodes, a.defaultPurpose);
  return db.transaction(async (tx) => {
    const created = await insertAgreement(tx, {
      institutionId: institution.id,
      officeId: institution.officeId,
      registryNumber: a.registryNumber,
      institutionNumber: a.institutionNumber,
      purpose: a.purpose,
      elements: a.elements,
      methods: a.methods,
      startDate: a.startDate,
      endDate: a.endDate,
      status: a.status,
      defaultThreshold: a.defaultThreshold ?? configThreshold,
      allowedHoursStart: a.allowedHours?.start ?? null,
      allowedHoursEnd: a.allowedHours?.end ?? null,
      misuseAction: a.misuseAction,
    });
    // Version 1 of the terms, so that access through it is audited against a version.
    const version = await insertVersion(tx, {
      agreementId: created.id,
      createdBy: actor.account?.id ?? null,
      reason: 'Dicatat langsung (PKS yang sudah ditandatangani)',
      now,
      purpose: created.purpose,
      elements: created.elements,
      methods: created.methods,
      endDate: null,
      returnData: [],
      allowedNetworks: [],
      bandwidthMbps: null,
      quotaPerAccount: null,
      cardReaders: 0,
      contactPersons: [],
      ...purposes,
    });
    created.currentVersionId = version.id;
    Object.assign(created, purposes);
    await recordAdminChange({ db: tx, now: now }, actor, {
      action: 'agreement.create',
      entityType: 'agreement',
      entityId: created.id,
      officeId: created.officeId,
      institutionId: created.institutionId,
      after: created,
    });
    return created;
  });
}

export async function loadAgreement(db: Db, id: string, scope: Scope): Promise<Agreement> {
  const a = await getAgreement(db, id);
  if (!a || !inScope(scope, a)) throw ApiError.of('NOT_FOUND', 'Agreement not found');
  return a;
}

/** Changes an agreement's misuse action, with its admin-audit row in the same transaction. */
export async function changeAgreement(
  ctx: ServiceContext,
  actor: Actor,
  { id, ...input }: { id: string } & UpdateAgreementInput,
): Promise<Agreement> {
  const { db, now } = ctx;
  const patch = updateAgreementBody.parse(input);
  return db.transaction(async (tx) => {
    const before = await loadAgreement(tx, id, actor.scope);
    const after = (await updateAgreement(tx, id, patch))!;
    await recordAdminChange({ db: tx, now }, actor, {
      action: patch.status && patch.status !== before.status ? 'agreement.status' : 'agreement.update',
      entityType: 'agreement',
      entityId: id,
      officeId: after.officeId,
      institutionId: after.institutionId,
      before: { status: before.status, misuseAction: before.misuseAction },
      after: { status: after.status, misuseAction: after.misuseAction },
    });
    return after;
  });
}

import type { Db } from '../../db/db.ts';
import { ApiError } from '../../http/errors.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import {
  getAgreement,
  insertAgreement,
  updateAgreement,
  type Agreement,
  type AgreementStatus,
} from './agreements.repo.ts';
import {
  createAgreementBody,
  updateAgreementBody,
  type CreateAgreementInput,
  type UpdateAgreementInput,
} from './agreements.schema.ts';

/** Records an agreement (PKS) of an institution; the managing office signs it. */
export async function createAgreement(
  db: Db,
  input: CreateAgreementInput,
  opts: { scope?: string[]; defaultThreshold: number },
): Promise<Agreement> {
  const a = createAgreementBody.parse(input);
  const institution = await loadInstitution(db, a.institutionId, opts.scope);
  return insertAgreement(db, {
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
    defaultThreshold: a.defaultThreshold ?? opts.defaultThreshold,
    allowedHoursStart: a.allowedHours?.start ?? null,
    allowedHoursEnd: a.allowedHours?.end ?? null,
    misuseAction: a.misuseAction,
  });
}

export async function loadAgreement(db: Db, id: string, scope?: string[]): Promise<Agreement> {
  const a = await getAgreement(db, id);
  if (!a || (scope && !scope.includes(a.officeId))) throw ApiError.of('NOT_FOUND', 'Agreement not found');
  return a;
}

export async function setAgreementStatus(
  db: Db,
  id: string,
  status: AgreementStatus,
  scope?: string[],
): Promise<Agreement> {
  return changeAgreement(db, id, { status }, scope);
}

/** Changes an agreement's status and/or misuse action. */
export async function changeAgreement(
  db: Db,
  id: string,
  input: UpdateAgreementInput,
  scope?: string[],
): Promise<Agreement> {
  const patch = updateAgreementBody.parse(input);
  await loadAgreement(db, id, scope);
  return (await updateAgreement(db, id, patch))!;
}

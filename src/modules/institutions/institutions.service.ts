import type { Db } from '../../db/db.ts';
import { ApiError } from '../../http/errors.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { inScope, SERVER_ACTOR, type Actor, type Scope } from '../auth/actor.ts';
import { getOffice } from '../offices/offices.repo.ts';
import {
  getInstitution,
  insertInstitution,
  updateInstitution as updateRow,
  type Institution,
} from './institutions.repo.ts';
import {
  createInstitutionBody,
  updateInstitutionBody,
  type CreateInstitutionInput,
  type UpdateInstitutionInput,
} from './institutions.schema.ts';

/** `actor`: who acts (default: the server's operator at the CLI); the office must be in its scope. */
export async function createInstitution(
  db: Db,
  input: CreateInstitutionInput,
  actor: Actor = SERVER_ACTOR,
): Promise<Institution> {
  const i = createInstitutionBody.parse(input);
  const office = await getOffice(db, i.officeId);
  if (!office || actor.scope.institutionId || !inScope(actor.scope, { officeId: office.id }))
    throw ApiError.of('VALIDATION_FAILED', 'Office not found');
  return db.transaction(async (tx) => {
    const created = await insertInstitution(tx, i);
    await recordAdminChange(tx, actor, {
      action: 'institution.create',
      entityType: 'institution',
      entityId: created.id,
      officeId: created.officeId,
      institutionId: created.id,
      after: created,
    });
    return created;
  });
}

export async function loadInstitution(db: Db, id: string, scope: Scope = {}): Promise<Institution> {
  const inst = await getInstitution(db, id);
  // Outside the actor's scope an institution is simply not found: its existence is not disclosed.
  if (!inst || !inScope(scope, { officeId: inst.officeId, institutionId: inst.id }))
    throw ApiError.of('NOT_FOUND', 'Institution not found');
  return inst;
}

export async function changeInstitution(
  db: Db,
  id: string,
  input: UpdateInstitutionInput,
  actor: Actor = SERVER_ACTOR,
): Promise<Institution> {
  const patch = updateInstitutionBody.parse(input);
  return db.transaction(async (tx) => {
    const before = await loadInstitution(tx, id, actor.scope);
    const after = (await updateRow(tx, id, patch))!;
    await recordAdminChange(tx, actor, {
      action: 'institution.update',
      entityType: 'institution',
      entityId: id,
      officeId: after.officeId,
      institutionId: id,
      before,
      after,
    });
    return after;
  });
}

import type { Db } from '../../db/db.ts';
import { ApiError } from '../../http/errors.ts';
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

/** `scope`: the offices the acting officer may act for (undefined: all). */
export async function createInstitution(
  db: Db,
  input: CreateInstitutionInput,
  scope?: string[],
): Promise<Institution> {
  const i = createInstitutionBody.parse(input);
  const office = await getOffice(db, i.officeId);
  if (!office || (scope && !scope.includes(office.id)))
    throw ApiError.of('VALIDATION_FAILED', 'Office not found');
  return insertInstitution(db, i);
}

export async function loadInstitution(db: Db, id: string, scope?: string[]): Promise<Institution> {
  const inst = await getInstitution(db, id);
  // Outside the officer's scope an institution is simply not found: its existence is not disclosed.
  if (!inst || (scope && !scope.includes(inst.officeId)))
    throw ApiError.of('NOT_FOUND', 'Institution not found');
  return inst;
}

export async function changeInstitution(
  db: Db,
  id: string,
  input: UpdateInstitutionInput,
  scope?: string[],
): Promise<Institution> {
  await loadInstitution(db, id, scope);
  return (await updateRow(db, id, updateInstitutionBody.parse(input)))!;
}

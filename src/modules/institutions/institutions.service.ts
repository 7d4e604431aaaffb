import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { inScope, type Actor, type Scope } from '../../core/actor.ts';
import { getOffice } from '../offices/offices.repo.ts';
import { setSettingsNetworks, setTermsNetworks } from '../network-provisions/network-provisions.sync.ts';
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

/** `actor`: who acts; the office must be in its scope. */
export async function createInstitution(
  ctx: ServiceContext,
  actor: Actor,
  input: CreateInstitutionInput,
): Promise<Institution> {
  const { db, now } = ctx;
  const i = createInstitutionBody.parse(input);
  const office = await getOffice(db, i.officeId);
  if (!office || actor.scope.institutionId || !inScope(actor.scope, { officeId: office.id }))
    throw ApiError.of('OFFICE_UNKNOWN');
  return db.transaction(async (tx) => {
    const created = await insertInstitution(tx, i);
    // The networks given are recorded as the institution's connected provisioning record (032: the source).
    if (i.allowedNetworks.length > 0)
      created.allowedNetworks = await setSettingsNetworks(
        tx,
        created.id,
        i.allowedNetworks,
        actor.account?.id ?? null,
        now,
      );
    await recordAdminChange({ db: tx, now }, actor, {
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

export async function loadInstitution(db: Db, id: string, scope: Scope): Promise<Institution> {
  const inst = await getInstitution(db, id);
  // Outside the actor's scope an institution is simply not found: its existence is not disclosed.
  if (!inst || !inScope(scope, { officeId: inst.officeId, institutionId: inst.id }))
    throw ApiError.of('NOT_FOUND', 'Institution not found');
  return inst;
}

/**
 * `terms`: the networks come from an agreement's terms at its activation (recorded as that agreement's
 * provisioning record); otherwise from the institution's settings.
 */
export async function changeInstitution(
  ctx: ServiceContext,
  actor: Actor,
  {
    id,
    terms,
    ...input
  }: { id: string; terms?: { agreementId: string; bandwidthMbps: number | null } } & UpdateInstitutionInput,
): Promise<Institution> {
  const { db, now } = ctx;
  const patch = updateInstitutionBody.parse(input);
  return db.transaction(async (tx) => {
    const before = await loadInstitution(tx, id, actor.scope);
    // Allowed networks are written through the provisioning record (032), never to the column directly.
    const { allowedNetworks, ...rest } = patch;
    let after = (await updateRow(tx, id, rest))!;
    if (allowedNetworks !== undefined) {
      const by = actor.account?.id ?? null;
      after = {
        ...after,
        allowedNetworks: terms
          ? await setTermsNetworks(tx, { institutionId: id, ...terms, networks: allowedNetworks }, by, now)
          : await setSettingsNetworks(tx, id, allowedNetworks, by, now),
      };
    }
    await recordAdminChange({ db: tx, now }, actor, {
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

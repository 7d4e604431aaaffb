import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { tanggal } from '../../lib/dates.ts';
import { wibDay } from '../../lib/time.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import type { Actor, Scope } from '../../core/actor.ts';
import { insertDocument } from '../documents/documents.repo.ts';
import { decodeUpload } from '../documents/documents.upload.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import {
  getCentralBody,
  insertMou,
  isMouNumberTaken,
  listCentralBodies,
  listMous,
  mouInForce,
  parentFacts,
  setVerticalParent,
  upsertCentralBody,
  type CentralMou,
} from './central-mous.repo.ts';
import { registerMouBody, setParentBody, type RegisterMouInput } from './central-mous.schema.ts';

/**
 * The MoU rule (Bukittinggi circular): an institution at city or regency level — managed by a regency or city
 * office — whose vertical central body holds an MoU with Ditjen Dukcapil in force may not make its own PKS; its
 * application is refused at submission (`APPLICATION_COVERED_BY_MOU`). The register of central MoUs is kept by
 * the central office; officers set an institution's vertical parent.
 */
const COVERED_LEVELS = new Set(['regency', 'city']);

export async function registerMou(
  ctx: ServiceContext,
  actor: Actor,
  input: RegisterMouInput,
): Promise<CentralMou> {
  const { db, now } = ctx;
  const m = registerMouBody.parse(input);
  if (m.validFrom > m.validUntil) {
    throw ApiError.of('MOU_PERIOD_ORDER', 'validUntil is before validFrom', [
      { path: '/validUntil', message: 'before validFrom' },
    ]);
  }
  if (m.signedOn > wibDay(now)) {
    throw ApiError.of('MOU_SIGNED_IN_FUTURE', 'signedOn is in the future', [
      { path: '/signedOn', message: 'in the future' },
    ]);
  }
  const bytes = decodeUpload(m.document);
  return db.transaction(async (tx) => {
    if (await isMouNumberTaken(tx, m.mouNumber)) throw ApiError.of('MOU_NUMBER_TAKEN');
    const body = await upsertCentralBody(tx, m.centralBody, now);
    const doc = await insertDocument(tx, {
      kind: 'central_mou',
      filename: m.document.filename,
      contentType: m.document.contentType,
      bytes,
      institutionId: null,
      now,
    });
    const row = await insertMou(tx, {
      centralBodyId: body.id,
      mouNumber: m.mouNumber,
      signedOn: m.signedOn,
      validFrom: m.validFrom,
      validUntil: m.validUntil,
      documentId: doc.id,
      recordedBy: actor.account?.id ?? null,
      now,
    });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'central_mou.register',
      entityType: 'central_mou',
      entityId: row.id,
      officeId: null,
      after: row,
    });
    return row;
  });
}

export function findMous(db: Db): Promise<CentralMou[]> {
  return listMous(db, {});
}

export async function findCentralBodies(db: Db, now: Date) {
  const today = wibDay(now);
  const bodies = await listCentralBodies(db);
  return Promise.all(bodies.map(async (b) => ({ ...b, mouInForce: await mouInForce(db, b.id, today) })));
}

export async function getVerticalParent(db: Db, institutionId: string, scope: Scope, now: Date) {
  const inst = await loadInstitution(db, institutionId, scope);
  const f = (await parentFacts(db, inst.id))!;
  const mou = f.parentId ? await mouInForce(db, f.parentId, wibDay(now)) : null;
  return {
    institutionId: inst.id,
    centralBody: f.parentId ? { id: f.parentId, name: f.parentName! } : null,
    mouInForce: mou,
    covered: mou !== null && COVERED_LEVELS.has(f.officeLevel),
  };
}

export async function setParent(
  ctx: ServiceContext,
  actor: Actor,
  { institutionId, body: input }: { institutionId: string; body: unknown },
) {
  const { db, now } = ctx;
  const p = setParentBody.parse(input);
  const inst = await loadInstitution(db, institutionId, actor.scope);
  if (p.centralBodyId !== null && !(await getCentralBody(db, p.centralBodyId))) {
    throw ApiError.of('CENTRAL_BODY_UNKNOWN', 'No such central body', [
      { path: '/centralBodyId', message: 'no such central body' },
    ]);
  }
  await db.transaction(async (tx) => {
    const before = (await parentFacts(tx, inst.id))!;
    await setVerticalParent(tx, inst.id, p.centralBodyId);
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'institution.vertical_parent',
      entityType: 'institution',
      entityId: inst.id,
      officeId: inst.officeId,
      institutionId: inst.id,
      before: { verticalParentId: before.parentId },
      after: { verticalParentId: p.centralBodyId },
    });
  });
  return getVerticalParent(db, inst.id, actor.scope, now);
}

/**
 * Refuses an application of a covered institution (called by `submitApplication` before anything is stored).
 * The message is the one the institution reads (Indonesian), naming the body and its MoU.
 */
export async function assertNotCoveredByMou(db: Db, institutionId: string, now: Date): Promise<void> {
  const f = await parentFacts(db, institutionId);
  if (!f?.parentId || !COVERED_LEVELS.has(f.officeLevel)) return;
  const mou = await mouInForce(db, f.parentId, wibDay(now));
  if (!mou) return;
  throw ApiError.of(
    'APPLICATION_COVERED_BY_MOU',
    `Permohonan tidak dapat diajukan: instansi vertikal pusat ${mou.centralBody} memiliki MoU dengan ` +
      `Ditjen Dukcapil nomor ${mou.mouNumber} yang berlaku sampai ${tanggal(mou.validUntil)}; instansi ` +
      `tingkat kabupaten/kota di bawahnya memanfaatkan data melalui MoU tersebut dan tidak membuat PKS sendiri.`,
  );
}

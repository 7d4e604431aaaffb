import type { ServiceContext } from '../../core/service-context.ts';
import { UNSCOPED } from '../../core/actor.ts';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { wibDay } from '../../lib/time.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { getAgreement } from '../agreements/agreements.repo.ts';
import type { Actor } from '../../core/actor.ts';
import { insertDocument } from '../documents/documents.repo.ts';
import { decodeUpload } from '../documents/documents.upload.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import {
  getProvision,
  insertProvision,
  listProvisions,
  syncAllowedNetworks,
  updateProvision,
  type NetworkProvision,
  type ProvisionStatus,
} from './network-provisions.repo.ts';
import {
  changeProvisionBody,
  createProvisionBody,
  moveProvisionBody,
  provisionDocumentBody,
  type ProvisionDocumentKind,
} from './network-provisions.schema.ts';

/** The moves of a record: requested → provisioned → connected; withdrawn from any but itself. */
const NEXT: Record<ProvisionStatus, ProvisionStatus[]> = {
  requested: ['provisioned', 'withdrawn'],
  provisioned: ['connected', 'withdrawn'],
  connected: ['withdrawn'],
  withdrawn: [],
};

/** A record in the actor's scope (its institution's), else not found. */
async function loadProvision(db: Db, actor: Actor, id: string, lock = false): Promise<NetworkProvision> {
  const p = await getProvision(db, id, { lock });
  if (!p) throw ApiError.of('NOT_FOUND', 'Network provisioning record not found');
  await loadInstitution(db, p.institutionId, actor.scope).catch(() => {
    throw ApiError.of('NOT_FOUND', 'Network provisioning record not found');
  });
  return p;
}

async function checkAgreement(db: Db, institutionId: string, agreementId: string | null | undefined) {
  if (!agreementId) return;
  const a = await getAgreement(db, agreementId);
  if (!a || a.institutionId !== institutionId) throw ApiError.of('PROVISION_AGREEMENT_FOREIGN');
}

/** The institution's records and what the access path admits now (the union of the connected ones). */
export async function listNetworkProvisions(ctx: ServiceContext, actor: Actor, institutionId: string) {
  const { db } = ctx;
  const inst = await loadInstitution(db, institutionId, actor.scope);
  return {
    institutionId: inst.id,
    allowedNetworks: inst.allowedNetworks,
    provisions: await listProvisions(db, inst.id),
  };
}

/** An officer records a network request of an institution (status requested). */
export async function createNetworkProvision(
  ctx: ServiceContext,
  actor: Actor,
  input: { institutionId: string; body: unknown },
): Promise<NetworkProvision> {
  const { db, now } = ctx;
  const b = createProvisionBody.parse(input.body);
  const inst = await loadInstitution(db, input.institutionId, actor.scope);
  await checkAgreement(db, inst.id, b.agreementId);
  return db.transaction(async (tx) => {
    const row = await insertProvision(tx, {
      institutionId: inst.id,
      agreementId: b.agreementId,
      networks: b.networks,
      provider: b.provider,
      bandwidthMbps: b.bandwidthMbps,
      expectedOn: b.expectedOn,
      connectedOn: null,
      status: 'requested',
      topologyDocumentId: null,
      requestLetterDocumentId: null,
      note: b.note,
      origin: 'officer',
      createdBy: actor.account?.id ?? null,
      now,
    });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'network_provision.create',
      entityType: 'network_provision',
      entityId: row.id,
      officeId: inst.officeId,
      institutionId: inst.id,
      after: row,
    });
    return row;
  });
}

/** Runs a change of one record in a transaction (row locked) and keeps the allowed networks in step. */
async function changeRecord(
  db: Db,
  actor: Actor,
  id: string,
  action: string,
  now: Date,
  work: (tx: Db, before: NetworkProvision) => Promise<NetworkProvision>,
): Promise<NetworkProvision> {
  await loadProvision(db, actor, id);
  return db.transaction(async (tx) => {
    const before = await loadProvision(tx, actor, id, true);
    const inst = await loadInstitution(tx, before.institutionId, UNSCOPED);
    const after = await work(tx, before);
    if (before.status === 'connected' || after.status === 'connected') {
      await syncAllowedNetworks(tx, inst.id);
    }
    await recordAdminChange({ db: tx, now }, actor, {
      action,
      entityType: 'network_provision',
      entityId: id,
      officeId: inst.officeId,
      institutionId: inst.id,
      before,
      after,
    });
    return after;
  });
}

function checkConnectedOn(connectedOn: string, now: Date) {
  if (connectedOn > wibDay(now)) throw ApiError.of('PROVISION_CONNECTED_IN_FUTURE');
}

/** An officer edits a record (not a withdrawn one); a connected record's networks take effect at once. */
export function changeNetworkProvision(
  ctx: ServiceContext,
  actor: Actor,
  input: { id: string; body: unknown },
): Promise<NetworkProvision> {
  const { db, now } = ctx;
  const b = changeProvisionBody.parse(input.body);
  return changeRecord(db, actor, input.id, 'network_provision.update', now, async (tx, before) => {
    if (before.status === 'withdrawn') throw ApiError.of('PROVISION_WITHDRAWN');
    await checkAgreement(tx, before.institutionId, b.agreementId);
    if (b.networks && b.networks.length === 0 && before.status !== 'requested')
      throw ApiError.of(
        'PROVISION_NETWORKS_REQUIRED',
        'A provisioned or connected record needs its networks',
      );
    if (b.connectedOn !== undefined) {
      if (before.status !== 'connected') throw ApiError.of('PROVISION_NOT_CONNECTED');
      checkConnectedOn(b.connectedOn, now);
    }
    return updateProvision(tx, before.id, { ...b, now });
  });
}

/** An officer moves a record on: provisioned (networks assigned), connected (the access path admits them), withdrawn. */
export function moveNetworkProvision(
  ctx: ServiceContext,
  actor: Actor,
  input: { id: string; body: unknown },
): Promise<NetworkProvision> {
  const { db, now } = ctx;
  const b = moveProvisionBody.parse(input.body);
  return changeRecord(db, actor, input.id, `network_provision.${b.status}`, now, async (tx, before) => {
    if (!NEXT[before.status].includes(b.status))
      throw ApiError.of('PROVISION_STATE', `A ${before.status} record cannot become ${b.status}`);
    if (b.status !== 'withdrawn' && before.networks.length === 0)
      throw ApiError.of('PROVISION_NETWORKS_REQUIRED', 'Record the assigned networks first');
    const connectedOn = b.status === 'connected' ? (b.connectedOn ?? wibDay(now)) : undefined;
    if (connectedOn) checkConnectedOn(connectedOn, now);
    return updateProvision(tx, before.id, {
      status: b.status,
      ...(connectedOn ? { connectedOn } : {}),
      ...(b.note !== undefined ? { note: b.note } : {}),
      now,
    });
  });
}

/** An officer attaches the topology diagram or the request letter (a new upload replaces the reference). */
export function attachProvisionDocument(
  ctx: ServiceContext,
  actor: Actor,
  input: { id: string; kind: ProvisionDocumentKind; body: unknown },
): Promise<NetworkProvision> {
  const { db, now } = ctx;
  const { document } = provisionDocumentBody.parse(input.body);
  const bytes = decodeUpload(document);
  return changeRecord(db, actor, input.id, `network_provision.${input.kind}`, now, async (tx, before) => {
    const doc = await insertDocument(tx, {
      kind: input.kind === 'topology' ? 'network_topology' : 'network_request_letter',
      filename: document.filename,
      contentType: document.contentType,
      bytes,
      institutionId: before.institutionId,
      now,
    });
    return updateProvision(
      tx,
      before.id,
      input.kind === 'topology'
        ? { topologyDocumentId: doc.id, now }
        : { requestLetterDocumentId: doc.id, now },
    );
  });
}

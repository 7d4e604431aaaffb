import type { ServiceContext } from '../../core/service-context.ts';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { wibDay } from '../../lib/time.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { inScope, type Actor, type Scope, UNSCOPED } from '../../core/actor.ts';
import { agreementsInForce } from '../agreements/agreements.repo.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import {
  closeSettledReturnTasks,
  getReader,
  getSam,
  getSamConfig,
  insertSam,
  insertSamEvent,
  listReturnTasks,
  listSamEvents,
  listSams,
  updateSam,
  type ReturnTask,
  type SamCard,
  type SamEvent,
  type SamState,
} from './card-readers.repo.ts';
import { keyFingerprint, newSamKeyPair, readPublicKey } from './card-reads.signing.ts';

/**
 * The SAM card lifecycle, a state machine with its trail (sam_events) and an admin-audit row per step:
 *
 *   requested ──SIFILMA answer: accepted──▶ (requested, accepted) ──personalise──▶ personalised
 *        └──SIFILMA answer: rejected──▶ deactivated
 *   personalised ──activate (agreement in force granting card_reader)──▶ activated
 *   personalised | activated ──deactivate (an officer, or the agreement's end)──▶ deactivated
 *   deactivated ──configuration file uploaded (institution)──▶ config_returned ──confirmed (officer)──▶ config_confirmed
 */
interface Opts {
  actor: Actor;
  now: Date;
}

export const sifilmaAnswerInput = z.object({
  accepted: z.boolean().describe('Whether SIFILMA accepted the request'),
  reference: z
    .string()
    .trim()
    .min(3)
    .max(120)
    .regex(/^[^\r\n]*$/)
    .describe("SIFILMA's reference for the answer"),
  note: z.string().trim().max(2000).optional(),
});
export const personaliseInput = z.object({
  publicKey: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe(
      'The SAM’s own Ed25519 public key (base64 SPKI DER) when the card made its key; absent: Gerbang makes ' +
        'the key pair and answers the private key once (it is not kept)',
    ),
});
export const deactivateInput = z.object({ reason: z.string().trim().min(3).max(2000) });
export const configUploadInput = z.object({
  filename: z
    .string()
    .trim()
    .regex(/^[\w .()-]{1,120}$/, 'A plain file name'),
  base64: z.string().min(4).max(90_000).describe('The SAM configuration file, base64 (at most 64 KiB)'),
});

export type SamView = SamCard & { events?: SamEvent[] };

async function loadSam(tx: Db, id: string, scope: Scope, forUpdate = true): Promise<SamCard> {
  const sam = await getSam(tx, id, forUpdate);
  if (!sam) throw ApiError.of('NOT_FOUND', 'SAM not found');
  const inst = await loadInstitution(tx, sam.institutionId, UNSCOPED).catch(() => null);
  if (!inst || !inScope(scope, { officeId: inst.officeId, institutionId: inst.id })) {
    throw ApiError.of('NOT_FOUND', 'SAM not found');
  }
  return sam;
}

/** One step of the machine: the row locked, the state checked, changed, its event and admin-audit row. */
async function step(
  db: Db,
  id: string,
  from: SamState[],
  to: SamState | null,
  action: string,
  { actor, now }: Opts,
  change: (tx: Db, sam: SamCard) => Promise<{ patch?: Parameters<typeof updateSam>[2]; note?: string }>,
  settle?: (tx: Db, after: SamCard) => Promise<void>,
): Promise<SamCard> {
  return db.transaction(async (tx) => {
    const before = await loadSam(tx, id, actor.scope);
    if (!from.includes(before.state)) {
      throw ApiError.of('SAM_STATE', `The SAM is ${before.state}; this needs ${from.join(' or ')}`);
    }
    const { patch = {}, note } = await change(tx, before);
    const next = to ?? patch.state ?? before.state;
    await updateSam(tx, id, { ...patch, state: next }, now);
    await insertSamEvent(tx, {
      samId: id,
      from: before.state,
      to: next,
      actorId: actor.account?.id ?? null,
      note: note ?? null,
      now,
    });
    const after = (await getSam(tx, id))!;
    const inst = await loadInstitution(tx, before.institutionId, UNSCOPED);
    await recordAdminChange({ db: tx, now }, actor, {
      action,
      entityType: 'sam_card',
      entityId: id,
      officeId: inst.officeId,
      institutionId: inst.id,
      before: pick(before),
      after: pick(after),
    });
    await settle?.(tx, after);
    return after;
  });
}

/** A returned or confirmed configuration may complete a return task. */
const settleTasks = (now: Date) => (tx: Db, sam: SamCard) =>
  closeSettledReturnTasks(tx, sam.institutionId, now);

const pick = (s: SamCard) => ({
  state: s.state,
  sifilmaStatus: s.sifilmaStatus,
  sifilmaReference: s.sifilmaReference,
  keyFingerprint: s.keyFingerprint,
  agreementId: s.agreementId,
  configSha256: s.configSha256,
});

export async function requestSam(ctx: ServiceContext, actor: Actor, readerId: string): Promise<SamCard> {
  const { db, now } = ctx;
  return db.transaction(async (tx) => {
    const reader = await getReader(tx, readerId);
    if (!reader) throw ApiError.of('NOT_FOUND', 'Reader not found');
    const inst = await loadInstitution(tx, reader.institutionId, actor.scope).catch(() => {
      throw ApiError.of('NOT_FOUND', 'Reader not found');
    });
    const live = await tx.query(
      `SELECT 1 FROM sam_cards WHERE reader_id = $1 AND state IN ('requested', 'personalised', 'activated')`,
      [reader.id],
    );
    if (live.rows.length > 0) throw ApiError.of('READER_HAS_SAM');
    const id = await insertSam(tx, { institutionId: inst.id, readerId: reader.id, now });
    await insertSamEvent(tx, {
      samId: id,
      from: null,
      to: 'requested',
      actorId: actor.account?.id ?? null,
      now,
    });
    const sam = (await getSam(tx, id))!;
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'sam.request',
      entityType: 'sam_card',
      entityId: id,
      officeId: inst.officeId,
      institutionId: inst.id,
      after: pick(sam),
    });
    return sam;
  });
}

export function recordSifilmaAnswer(
  ctx: ServiceContext,
  actor: Actor,
  { id, ...input }: { id: string } & z.input<typeof sifilmaAnswerInput>,
): Promise<SamCard> {
  const { db, now } = ctx;
  const a = sifilmaAnswerInput.parse(input);
  return step(db, id, ['requested'], null, 'sam.sifilma_answer', { actor, now }, async (_tx, sam) => {
    if (sam.sifilmaStatus !== 'pending') throw ApiError.of('SIFILMA_ANSWERED');
    return {
      patch: {
        sifilmaStatus: a.accepted ? 'accepted' : 'rejected',
        sifilmaReference: a.reference,
        sifilmaNote: a.note ?? null,
        sifilmaAnsweredAt: now.toISOString(),
        ...(a.accepted
          ? {}
          : { state: 'deactivated' as const, deactivationReason: `Ditolak SIFILMA: ${a.reference}` }),
      },
      note: `SIFILMA ${a.accepted ? 'accepted' : 'rejected'}: ${a.reference}`,
    };
  });
}

/** Personalisation: the SAM's Ed25519 key. Only the public key is kept; a key made here is answered once. */
export async function personaliseSam(
  ctx: ServiceContext,
  actor: Actor,
  { id, ...input }: { id: string } & z.input<typeof personaliseInput>,
): Promise<{ sam: SamCard; privateKeyPem: string | null }> {
  const { db, now } = ctx;
  const { publicKey } = personaliseInput.parse(input);
  if (publicKey !== undefined && !readPublicKey(publicKey)) {
    throw ApiError.of('SAM_PUBLIC_KEY_INVALID', 'Not an Ed25519 public key (base64 SPKI DER)', [
      { path: '/publicKey', message: 'Not an Ed25519 public key' },
    ]);
  }
  const pair = publicKey === undefined ? newSamKeyPair() : null;
  const key = publicKey ?? pair!.publicKey;
  const sam = await step(
    db,
    id,
    ['requested'],
    'personalised',
    'sam.personalise',
    { actor, now },
    async (_tx, s) => {
      if (s.sifilmaStatus !== 'accepted') {
        throw ApiError.of('SIFILMA_NOT_ACCEPTED');
      }
      return { patch: { publicKey: key, keyFingerprint: keyFingerprint(key) } };
    },
  );
  return { sam, privateKeyPem: pair?.privateKeyPem ?? null };
}

/** Activation: only under an agreement in force today that grants the card-reader method. */
export function activateSam(ctx: ServiceContext, actor: Actor, id: string): Promise<SamCard> {
  const { db, now } = ctx;
  return step(db, id, ['personalised'], 'activated', 'sam.activate', { actor, now }, async (tx, sam) => {
    const inForce = await agreementsInForce(tx, sam.institutionId, wibDay(now));
    if (inForce.length === 0) {
      throw ApiError.of('SAM_NO_AGREEMENT_IN_FORCE');
    }
    const agreement = inForce.find((a) => a.methods.includes('card_reader'));
    if (!agreement) {
      throw ApiError.of('SAM_METHOD_NOT_GRANTED');
    }
    return { patch: { agreementId: agreement.id, deactivationReason: null } };
  });
}

export function deactivateSam(
  ctx: ServiceContext,
  actor: Actor,
  { id, ...input }: { id: string } & z.input<typeof deactivateInput>,
): Promise<SamCard> {
  const { db, now } = ctx;
  const { reason } = deactivateInput.parse(input);
  return step(
    db,
    id,
    ['personalised', 'activated'],
    'deactivated',
    'sam.deactivate',
    { actor, now },
    async () => ({
      patch: { deactivationReason: reason },
      note: reason,
    }),
  );
}

/** The institution returns the SAM's configuration file (after deactivation). */
export function uploadSamConfig(
  ctx: ServiceContext,
  actor: Actor,
  { id, ...input }: { id: string } & z.input<typeof configUploadInput>,
): Promise<SamCard> {
  const { db, now } = ctx;
  const f = configUploadInput.parse(input);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(f.base64)) throw ApiError.of('FILE_NOT_BASE64');
  const bytes = Buffer.from(f.base64, 'base64');
  if (bytes.byteLength === 0 || bytes.byteLength > 64 * 1024) {
    throw ApiError.of('PAYLOAD_TOO_LARGE', 'A SAM configuration file may hold at most 65536 bytes');
  }
  return step(
    db,
    id,
    ['deactivated'],
    'config_returned',
    'sam.config_return',
    { actor, now },
    async (_tx, sam) => {
      if (sam.sifilmaStatus === 'rejected' || !sam.publicKey) {
        throw ApiError.of('SAM_NOT_PERSONALISED');
      }
      return {
        patch: {
          configFilename: f.filename,
          configBytes: new Uint8Array(bytes),
          configSha256: createHash('sha256').update(bytes).digest('hex'),
        },
        note: f.filename,
      };
    },
    settleTasks(now),
  );
}

export function confirmSamConfig(ctx: ServiceContext, actor: Actor, id: string): Promise<SamCard> {
  const { db, now } = ctx;
  return step(
    db,
    id,
    ['config_returned'],
    'config_confirmed',
    'sam.config_confirm',
    { actor, now },
    async () => ({}),
    settleTasks(now),
  );
}

export async function findSams(
  db: Db,
  scope: Scope,
  f: { institutionId?: string | undefined; state?: SamState | undefined },
): Promise<SamCard[]> {
  if (scope.institutionId && f.institutionId && f.institutionId !== scope.institutionId) return [];
  return listSams(db, {
    institutionId: scope.institutionId ?? f.institutionId,
    officeIds: scope.officeIds,
    state: f.state,
  });
}

export async function getSamWithTrail(db: Db, id: string, scope: Scope): Promise<SamView> {
  const sam = await loadSam(db, id, scope, false);
  return { ...sam, events: await listSamEvents(db, id) };
}

export async function getSamConfigFile(db: Db, id: string, scope: Scope) {
  await loadSam(db, id, scope, false);
  const file = await getSamConfig(db, id);
  if (!file) throw ApiError.of('NOT_FOUND', 'No configuration file has been returned for this SAM');
  return file;
}

export async function findReturnTasks(db: Db, institutionId: string, scope: Scope): Promise<ReturnTask[]> {
  const inst = await loadInstitution(db, institutionId, scope);
  return listReturnTasks(db, inst.id);
}

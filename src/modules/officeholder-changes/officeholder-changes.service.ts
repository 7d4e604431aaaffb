import type { ServiceContext } from '../../core/service-context.ts';
import type { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { addDays } from '../../lib/dates.ts';
import { wibDay } from '../../lib/time.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { insertAccount, updateAccount } from '../accounts/accounts.repo.ts';
import { inScope, scopedInstitutionFilter, type Actor, type Scope, UNSCOPED } from '../../core/actor.ts';
import { insertNotifications, recipientsFor } from '../compliance/compliance.repo.ts';
import { insertDocument } from '../documents/documents.repo.ts';
import { decodeUpload } from '../documents/documents.upload.ts';
import { updateInstitution } from '../institutions/institutions.repo.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import { deriveUsername, newOneTimePassword } from '../user-id-requests/user-id-requests.service.ts';
import {
  activeHeadsForUpdate,
  getChange,
  hasOpenChange,
  insertChange,
  listChanges,
  markDecided,
  type ChangeStatus,
  type OfficeholderChange,
} from './officeholder-changes.repo.ts';
import {
  decideBody,
  fileChangeBody,
  rejectBody,
  type confirmView,
  type FileChangeInput,
} from './officeholder-changes.schema.ts';

/**
 * Change of officeholder or organisation (Juknis: the institution notifies the office by letter with supporting
 * documents). The institution files the notice; an officer of the managing office confirms or rejects it. On
 * confirmation, in one transaction: an officeholder change issues the new head's account (a one-time password
 * to change at first sign-in, as user-ID requests do) and closes every active head account of the
 * institution; an organisation change renames the institution. Either way the SPTJM must be signed again
 * within `SPTJM_RESIGN_DAYS` (document-validity.ts raises the finding).
 */
export const SPTJM_RESIGN_DAYS = 30;
/** A notice is filed at most this far ahead of the change it announces. */
const MAX_DAYS_AHEAD = 180;

export async function fileChange(
  ctx: ServiceContext,
  actor: Actor,
  { institutionId, ...input }: { institutionId: string } & FileChangeInput,
): Promise<OfficeholderChange> {
  const { db, now } = ctx;
  const c = fileChangeBody.parse(input);
  const institution = await loadInstitution(db, institutionId, actor.scope);
  if (!actor.account) throw ApiError.of('FORBIDDEN', 'A notice is filed by a person of the institution');
  if (c.effectiveOn > addDays(wibDay(now), MAX_DAYS_AHEAD)) {
    throw ApiError.of('NOTICE_TOO_FAR_AHEAD', `effectiveOn is more than ${MAX_DAYS_AHEAD} days ahead`, [
      { path: '/effectiveOn', message: `at most ${MAX_DAYS_AHEAD} days ahead` },
    ]);
  }
  if (c.kind === 'organisation' && c.newName === institution.name) {
    throw ApiError.of('NOTICE_SAME_NAME', 'The new name is the current name', [
      { path: '/newName', message: 'the same as the current name' },
    ]);
  }
  const files = c.documents.map((d) => ({ d, bytes: decodeUpload(d) }));
  return db.transaction(async (tx) => {
    // Locks the institution's row so two notices filed at once meet the one-open rule in order.
    await tx.query(`SELECT 1 FROM institutions WHERE id = $1 FOR UPDATE`, [institution.id]);
    if (await hasOpenChange(tx, institution.id)) {
      throw ApiError.of('NOTICE_PENDING');
    }
    const documentIds: string[] = [];
    for (const { d, bytes } of files) {
      const doc = await insertDocument(tx, {
        kind: 'officeholder_change',
        filename: d.filename,
        contentType: d.contentType,
        bytes,
        institutionId: institution.id,
        now,
      });
      documentIds.push(doc.id);
    }
    const id = await insertChange(tx, {
      institutionId: institution.id,
      kind: c.kind,
      letterNumber: c.letterNumber,
      effectiveOn: c.effectiveOn,
      newHeadName: c.kind === 'officeholder' ? c.newHead.name : null,
      newHeadTitle: c.kind === 'officeholder' ? c.newHead.title : null,
      newHeadEmail: c.kind === 'officeholder' ? c.newHead.email : null,
      newName: c.kind === 'organisation' ? c.newName : null,
      previousName: institution.name,
      filedBy: actor.account!.id,
      documentIds,
      now,
    });
    const row = (await getChange(tx, id))!;
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'officeholder_change.file',
      entityType: 'officeholder_change',
      entityId: id,
      officeId: institution.officeId,
      institutionId: institution.id,
      after: row,
    });
    await insertNotifications(tx, await officersOf(tx, institution.officeId), {
      subject: `Pemberitahuan perubahan ${c.kind === 'officeholder' ? 'pejabat' : 'kelembagaan'}: ${institution.name}`,
      body: `Surat ${c.letterNumber}, berlaku ${c.effectiveOn}. Mohon dikonfirmasi.`,
      now,
    });
    return row;
  });
}

async function officersOf(db: Db, officeId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM user_accounts WHERE role = 'office_officer' AND office_id = $1 AND is_active`,
    [officeId],
  );
  return rows.map((r) => r.id);
}

export async function loadChange(db: Db, id: string, scope: Scope, forUpdate = false) {
  const change = await getChange(db, id, forUpdate);
  const inst = change ? await loadInstitution(db, change.institutionId, UNSCOPED).catch(() => null) : null;
  if (!change || !inst || !inScope(scope, { officeId: inst.officeId, institutionId: inst.id })) {
    throw ApiError.of('NOT_FOUND', 'Notice not found');
  }
  return { change, institution: inst };
}

export function findChanges(
  db: Db,
  scope: Scope,
  q: { institutionId?: string | undefined; status?: ChangeStatus | undefined },
): Promise<OfficeholderChange[]> {
  const institutionId = scopedInstitutionFilter(scope, q.institutionId);
  if (institutionId === null) return Promise.resolve([]);
  return listChanges(db, { officeIds: scope.officeIds, institutionId, status: q.status });
}

/** The change and the new head's account and one-time password, shown once to the confirming officer. */
export type ConfirmResult = z.output<typeof confirmView>;

export async function confirmChange(
  ctx: ServiceContext,
  actor: Actor,
  { id, body: input }: { id: string; body: unknown },
): Promise<ConfirmResult> {
  const { db, now } = ctx;
  const d = decideBody.parse(input ?? {});
  const oneTimePassword = newOneTimePassword();
  return db.transaction(async (tx) => {
    const { change, institution } = await loadChange(tx, id, actor.scope, true);
    if (change.status !== 'filed')
      throw ApiError.of('NOTICE_DECIDED', `The notice is already ${change.status}`);
    const audit = (action: string, entityType: string, entityId: string, before: unknown, after: unknown) =>
      recordAdminChange({ db: tx, now }, actor, {
        action,
        entityType,
        entityId,
        officeId: institution.officeId,
        institutionId: institution.id,
        before,
        after,
      });
    let newHead: ConfirmResult['newHead'] = null;
    let closed: string[] = [];
    if (change.kind === 'officeholder') {
      closed = await activeHeadsForUpdate(tx, institution.id);
      for (const accountId of closed) {
        const after = await updateAccount(tx, accountId, { isActive: false });
        await audit('account.close_officeholder', 'account', accountId, { isActive: true }, after);
      }
      const username = await deriveUsername(tx, institution.code, 'kepala');
      const account = await insertAccount(tx, {
        username,
        password: oneTimePassword,
        role: 'institution_head',
        fullName: change.newHeadName!,
        institutionId: institution.id,
        mustChangePassword: true,
        email: change.newHeadEmail,
      });
      await audit('account.create', 'account', account.id, null, account);
      newHead = { accountId: account.id, username, oneTimePassword };
      await insertNotifications(tx, [account.id], {
        subject: `Akun kepala instansi ${institution.name}`,
        body:
          `Akun Anda (${username}) telah dibuat. Kata sandi sekali pakai diserahkan oleh petugas Disdukcapil; ` +
          `gantilah saat pertama masuk. SPTJM wajib ditandatangani ulang paling lambat ` +
          `${addDays(wibDay(now), SPTJM_RESIGN_DAYS)}.`,
        now,
      });
    } else {
      const after = await updateInstitution(tx, institution.id, { name: change.newName! });
      await audit('institution.rename', 'institution', institution.id, { name: institution.name }, after);
    }
    // The new head signs once in office: the deadline runs from the later of today and the effective date.
    const today = wibDay(now);
    const sptjmDueOn = addDays(change.effectiveOn > today ? change.effectiveOn : today, SPTJM_RESIGN_DAYS);
    await markDecided(tx, id, {
      status: 'confirmed',
      by: actor.account?.id ?? null,
      note: d.note ?? null,
      newHeadAccountId: newHead?.accountId ?? null,
      closedAccountIds: closed,
      sptjmDueOn,
      now,
    });
    const row = (await getChange(tx, id))!;
    await audit('officeholder_change.confirm', 'officeholder_change', id, change, row);
    await insertNotifications(tx, await recipientsFor(tx, institution.id), {
      subject: `Perubahan dikonfirmasi: ${row.kind === 'organisation' ? row.newName : institution.name}`,
      body: `SPTJM wajib ditandatangani ulang dan diunggah paling lambat ${sptjmDueOn}.`,
      now,
    });
    return { ...row, newHead };
  });
}

export async function rejectChange(
  ctx: ServiceContext,
  actor: Actor,
  { id, body: input }: { id: string; body: unknown },
): Promise<OfficeholderChange> {
  const { db, now } = ctx;
  const r = rejectBody.parse(input);
  return db.transaction(async (tx) => {
    const { change, institution } = await loadChange(tx, id, actor.scope, true);
    if (change.status !== 'filed')
      throw ApiError.of('NOTICE_DECIDED', `The notice is already ${change.status}`);
    await markDecided(tx, id, { status: 'rejected', by: actor.account?.id ?? null, note: r.reason, now });
    const row = (await getChange(tx, id))!;
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'officeholder_change.reject',
      entityType: 'officeholder_change',
      entityId: id,
      officeId: institution.officeId,
      institutionId: institution.id,
      before: change,
      after: row,
    });
    await insertNotifications(tx, await recipientsFor(tx, institution.id), {
      subject: `Pemberitahuan perubahan ditolak: ${institution.name}`,
      body: r.reason,
      now,
    });
    return row;
  });
}

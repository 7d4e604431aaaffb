import type { ServiceContext } from '../../core/service-context.ts';
import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { wibDay } from '../../lib/time.ts';
import {
  ADMIN_ISSUED_QUOTA,
  assertMayChange,
  assertMayIssue,
  issuedQuota,
} from '../accounts/accounts.policy.ts';
import { insertAccount, isUsernameTaken, updateAccount, type Account } from '../accounts/accounts.repo.ts';
import { loadAccount } from '../accounts/accounts.service.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { inScope, type Actor, type Scope, UNSCOPED } from '../../core/actor.ts';
import { insertDocument, nextLetterNumber } from '../documents/documents.repo.ts';
import type { Institution } from '../institutions/institutions.repo.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import { checkNik } from '../nik/nik.ts';
import { handoverNumber, handoverRecord } from './user-id-requests.handover.ts';
import {
  getUserIdRequest,
  insertUserIdRequest,
  latestForm,
  listUserIdRequests,
  regionName,
  type UserIdRequest,
} from './user-id-requests.repo.ts';
import {
  FORM_FIELD_NAMES,
  FORM_FIELDS,
  submitUserIdRequestBody,
  type FormField,
  type SubmitUserIdRequestInput,
  type userIdRequestResultView,
} from './user-id-requests.schema.ts';

/** What submitting answers (the zod view is the one source); the one-time password is never stored in clear. */
export type UserIdRequestResult = z.output<typeof userIdRequestResultView>;

type Problem = { path: string; message: string };

/** One 400 naming every problem of a form, in Indonesian (the portal shows the message as is). */
function formError(prefix: string, problems: Problem[]): ApiError {
  return ApiError.of(
    'VALIDATION_FAILED',
    `${prefix}: ${problems.map((p) => p.message).join(', ')}`,
    problems.map((p) => ({ path: p.path, message: p.message })),
  );
}

const OTP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password: four groups of four characters without look-alikes (about 79 bits). */
export function newOneTimePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += OTP_ALPHABET[randomInt(OTP_ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

/** `<institution code>.<local user ID>`, lower case; `-2`, `-3`, … when taken. */
export async function deriveUsername(db: Db, institutionCode: string, localUserId: string): Promise<string> {
  const base = `${institutionCode}.${localUserId}`
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '-')
    .slice(0, 58);
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await isUsernameTaken(db, candidate))) return candidate;
  }
  throw ApiError.of('USERNAME_EXHAUSTED');
}

const given = (v: string | undefined): v is string => v !== undefined && v !== '';

/**
 * A user-ID request (formulir permohonan user ID), processed at once: `issue` creates an operator with a
 * one-time password it must change at first sign-in, `change` updates its data, `deactivate` ends it. Each
 * writes a numbered handover record (BAST) PDF, the request, the account change and their admin-audit rows
 * in one transaction. Only complete forms are processed: a missing field is named, each one.
 */
export async function submitUserIdRequest(
  ctx: ServiceContext,
  actor: Actor,
  input: SubmitUserIdRequestInput,
): Promise<UserIdRequestResult> {
  const { db, now } = ctx;
  const r = submitUserIdRequestBody.parse(input);
  const form = r.form;

  // 1. Completeness: every missing field, named.
  const missing: Problem[] = [];
  const need = (ok: boolean, path: string, label: string) => {
    if (!ok) missing.push({ path, message: label });
  };
  if (r.kind === 'issue') {
    need(
      r.institutionId !== undefined || actor.scope.institutionId !== undefined,
      '/institutionId',
      'instansi',
    );
    for (const f of FORM_FIELD_NAMES) need(given(form[f]), `/form/${f}`, FORM_FIELDS[f]);
  } else {
    need(r.accountId !== undefined && r.accountId !== '', '/accountId', 'user ID yang dimaksud (accountId)');
    if (r.kind === 'change') {
      const changes = FORM_FIELD_NAMES.some((f) => given(form[f])) || r.dailyQuota !== undefined;
      need(changes, '/form', 'isian yang diubah');
    } else {
      need(given(r.reason), '/reason', 'alasan penonaktifan');
    }
  }
  if (missing.length > 0) throw formError('Formulir belum lengkap', missing);
  if (r.kind === 'issue' && r.accountId !== undefined) {
    throw formError('Formulir tidak sesuai', [
      { path: '/accountId', message: 'accountId hanya untuk perubahan atau penonaktifan' },
    ]);
  }

  // 2. The values that are given must be right.
  const invalid: Problem[] = [];
  if (given(form.nik) && !checkNik(form.nik).valid) {
    invalid.push({ path: '/form/nik', message: 'NIK tidak sesuai format Dukcapil' });
  }
  let region: string | null = null;
  let regionCode: string | undefined;
  if (given(form.officeRegionCode)) {
    regionCode = form.officeRegionCode.replaceAll('.', '');
    region = /^\d{2,10}$/.test(regionCode) ? await regionName(db, regionCode) : null;
    if (region === null) {
      invalid.push({ path: '/form/officeRegionCode', message: 'kode wilayah kantor tidak dikenal' });
    }
  }
  if (given(form.localUserId) && !/^[A-Za-z0-9._-]{1,40}$/.test(form.localUserId)) {
    invalid.push({
      path: '/form/localUserId',
      message: 'user ID lokal hanya boleh huruf, angka, titik, garis bawah atau tanda hubung',
    });
  }
  if (given(form.fullName) && form.fullName.length < 3) {
    invalid.push({ path: '/form/fullName', message: 'nama lengkap terlalu pendek' });
  }
  if (invalid.length > 0) throw formError('Formulir tidak sesuai', invalid);
  const clean: Partial<Record<FormField, string>> = {};
  for (const f of FORM_FIELD_NAMES) if (given(form[f])) clean[f] = form[f];
  if (regionCode !== undefined) clean.officeRegionCode = regionCode;

  return r.kind === 'issue'
    ? issue(db, actor, { ...r, form: clean as Record<FormField, string> }, region, now)
    : changeOrDeactivate(
        db,
        actor,
        { ...r, kind: r.kind, accountId: r.accountId!, form: clean },
        region,
        now,
      );
}

async function issue(
  db: Db,
  actor: Actor,
  r: {
    institutionId?: string | undefined;
    form: Record<FormField, string>;
    dailyQuota?: number | null | undefined;
  },
  region: string | null,
  now: Date,
): Promise<UserIdRequestResult> {
  // Scope first: an institution outside it is not found, whatever else is wrong with the request.
  const institution = await loadInstitution(db, r.institutionId ?? actor.scope.institutionId!, actor.scope);
  assertMayIssue(actor, 'operator', r.dailyQuota !== undefined);
  const dailyQuota = issuedQuota(actor, r.dailyQuota ?? ADMIN_ISSUED_QUOTA);
  const oneTimePassword = newOneTimePassword();
  return db.transaction(async (tx) => {
    const username = await deriveUsername(tx, institution.code, r.form.localUserId);
    const account = await insertAccount(tx, {
      username,
      password: oneTimePassword,
      role: 'operator',
      fullName: r.form.fullName,
      institutionId: institution.id,
      dailyQuota,
      mustChangePassword: true,
    });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'account.create',
      entityType: 'account',
      entityId: account.id,
      officeId: institution.officeId,
      institutionId: institution.id,
      after: account,
    });
    const { request, documentId } = await record(tx, actor, {
      kind: 'issue',
      institution,
      account,
      form: r.form,
      changedFields: [...FORM_FIELD_NAMES],
      region,
      reason: null,
      dailyQuota,
      now,
    });
    return { request, account, username, oneTimePassword, handoverDocumentId: documentId };
  });
}

async function changeOrDeactivate(
  db: Db,
  actor: Actor,
  r: {
    kind: 'change' | 'deactivate';
    institutionId?: string | undefined;
    accountId: string;
    form: Partial<Record<FormField, string>>;
    reason?: string | undefined;
    dailyQuota?: number | null | undefined;
  },
  region: string | null,
  now: Date,
): Promise<UserIdRequestResult> {
  const target = await loadAccount(db, r.accountId, actor.scope);
  if (target.role !== 'operator' || !target.institutionId) {
    throw formError('Formulir tidak sesuai', [
      { path: '/accountId', message: 'permohonan user ID hanya untuk operator instansi' },
    ]);
  }
  if (r.institutionId !== undefined && r.institutionId !== target.institutionId) {
    throw formError('Formulir tidak sesuai', [
      { path: '/institutionId', message: 'user ID ini bukan milik instansi tersebut' },
    ]);
  }
  const quotaChange = r.kind === 'change' ? r.dailyQuota : undefined;
  assertMayChange(actor, target, { dailyQuota: quotaChange });
  const institution = await loadInstitution(db, target.institutionId, UNSCOPED);
  return db.transaction(async (tx) => {
    const before: Partial<Record<FormField, string | null>> = (await latestForm(tx, target.id)) ?? {
      fullName: target.fullName,
    };
    let account: Account;
    let changedFields: FormField[] = [];
    if (r.kind === 'change') {
      changedFields = FORM_FIELD_NAMES.filter((f) => r.form[f] !== undefined && r.form[f] !== before[f]);
      if (changedFields.length === 0 && (quotaChange === undefined || quotaChange === target.dailyQuota)) {
        throw formError('Formulir tidak sesuai', [
          { path: '/form', message: 'tidak ada isian yang berubah' },
        ]);
      }
      account = (await updateAccount(tx, target.id, {
        ...(r.form.fullName !== undefined ? { fullName: r.form.fullName } : {}),
        ...(quotaChange !== undefined ? { dailyQuota: quotaChange } : {}),
      }))!;
    } else {
      if (!target.isActive) throw ApiError.of('ACCOUNT_ALREADY_INACTIVE');
      account = (await updateAccount(tx, target.id, { isActive: false }))!;
    }
    await recordAdminChange({ db: tx, now }, actor, {
      action: r.kind === 'change' ? 'account.update' : 'account.deactivate',
      entityType: 'account',
      entityId: account.id,
      officeId: institution.officeId,
      institutionId: institution.id,
      before: target,
      after: account,
    });
    const form = { ...before, ...r.form };
    const { request, documentId } = await record(tx, actor, {
      kind: r.kind,
      institution,
      account,
      form,
      changedFields,
      region: region ?? (form.officeRegionCode ? await regionName(tx, form.officeRegionCode) : null),
      reason: r.reason ?? null,
      dailyQuota: account.dailyQuota,
      now,
    });
    return { request, account, username: account.username, handoverDocumentId: documentId };
  });
}

/** Numbers and renders the handover record, stores it and the request, and audits the request. */
async function record(
  tx: Db,
  actor: Actor,
  i: {
    kind: UserIdRequest['kind'];
    institution: Institution;
    account: Account;
    form: Partial<Record<FormField, string | null>>;
    changedFields: FormField[];
    region: string | null;
    reason: string | null;
    dailyQuota: number | null;
    now: Date;
  },
): Promise<{ request: UserIdRequest; documentId: string }> {
  const year = Number(wibDay(i.now).slice(0, 4));
  const number = handoverNumber(
    await nextLetterNumber(tx, 'handover_user_id', year),
    i.institution.code,
    year,
  );
  const pdf = await handoverRecord({
    kind: i.kind,
    number,
    now: i.now,
    institution: i.institution,
    username: i.account.username,
    form: i.form,
    regionName: i.region,
    changedFields: i.changedFields,
    dailyQuota: i.dailyQuota,
    reason: i.reason,
    handedOverBy: actor.account
      ? `${actor.account.fullName} (${actor.account.username})`
      : 'Operator server Gerbang',
  });
  const doc = await insertDocument(tx, {
    kind: 'handover_record',
    filename: `bast-user-id-${number.replaceAll('/', '-')}.pdf`,
    contentType: 'application/pdf',
    bytes: pdf,
    institutionId: i.institution.id,
    now: i.now,
  });
  const request = await insertUserIdRequest(tx, {
    kind: i.kind,
    institutionId: i.institution.id,
    accountId: i.account.id,
    form: i.form,
    changedFields: i.changedFields,
    reason: i.reason,
    dailyQuota: i.dailyQuota,
    handoverNumber: number,
    handoverDocumentId: doc.id,
    requestedBy: actor.account?.id ?? null,
    now: i.now,
  });
  await recordAdminChange({ db: tx, now: i.now }, actor, {
    action: `user_id_request.${i.kind}`,
    entityType: 'user_id_request',
    entityId: request.id,
    officeId: i.institution.officeId,
    institutionId: i.institution.id,
    // The form holds the operator's NIK: the audit keeps which fields changed, not the values.
    after: {
      kind: i.kind,
      accountId: i.account.id,
      username: i.account.username,
      changedFields: i.changedFields,
      handoverNumber: number,
      handoverDocumentId: doc.id,
    },
  });
  return { request, documentId: doc.id };
}

export async function loadUserIdRequest(db: Db, id: string, scope: Scope): Promise<UserIdRequest> {
  const r = await getUserIdRequest(db, id);
  const inst = r ? await loadInstitution(db, r.institutionId, UNSCOPED).catch(() => null) : null;
  if (!r || !inst || !inScope(scope, { officeId: inst.officeId, institutionId: inst.id })) {
    throw ApiError.of('NOT_FOUND', 'Permohonan user ID tidak ditemukan');
  }
  return r;
}

export function findUserIdRequests(
  db: Db,
  scope: Scope,
  filter: { institutionId?: string | undefined; accountId?: string | undefined },
): Promise<UserIdRequest[]> {
  if (scope.institutionId && filter.institutionId && filter.institutionId !== scope.institutionId) {
    return Promise.resolve([]);
  }
  return listUserIdRequests(db, {
    officeIds: scope.officeIds,
    institutionId: scope.institutionId ?? filter.institutionId,
    ...(filter.accountId ? { accountId: filter.accountId } : {}),
  });
}

import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { wibDay } from '../../lib/time.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { inScope, type Actor, type Scope, UNSCOPED } from '../../core/actor.ts';
import { elementDef } from '../elements/elements.ts';
import { getDocumentBytes, insertDocument, nextLetterNumber } from '../documents/documents.repo.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import { getOffice } from '../offices/offices.repo.ts';
import { tanggal } from '../../lib/dates.ts';
import { assertNotCoveredByMou } from '../central-mous/central-mous.service.ts';
import { approvalLetter, letterNumber, rejectionLetter } from './applications.letters.ts';
import {
  getApplication,
  insertApplication,
  listApplications,
  markDecided,
  markForwarded,
  type Annex,
  type Application,
} from './applications.repo.ts';
import {
  forwardBody,
  rejectBody,
  submitApplicationBody,
  type SubmitApplicationInput,
} from './applications.schema.ts';

interface ActOptions {
  actor: Actor;
  now: Date;
}

export const METHOD_LABELS: Record<string, string> = {
  verification: 'Web Service Kesesuaian (verifikasi)',
  portal: 'Web Portal (pencarian NIK)',
  card_reader: 'Card Reader KTP-el',
};

/** An institution applies (permohonan): purpose, elements, methods, return data, period (default 24 months). */
export async function submitApplication(
  ctx: ServiceContext,
  actor: Actor,
  input: SubmitApplicationInput,
): Promise<Application> {
  const { db, now } = ctx;
  const a = submitApplicationBody.parse(input);
  const institution = await loadInstitution(db, a.institutionId, actor.scope);
  if (a.periodUntil !== undefined && a.periodUntil <= wibDay(now)) {
    throw ApiError.of('APPLICATION_PERIOD_PAST');
  }
  if (!actor.account) throw ApiError.of('FORBIDDEN', 'An application is made by a person of the institution');
  // The MoU rule: refused at submission, nothing stored (409 APPLICATION_COVERED_BY_MOU).
  await assertNotCoveredByMou(db, institution.id, now);
  return db.transaction(async (tx) => {
    const created = await insertApplication(tx, {
      institutionId: institution.id,
      officeId: institution.officeId,
      purpose: a.purpose,
      elements: a.elements,
      methods: a.methods,
      returnData: a.returnData,
      periodMonths: a.periodUntil !== undefined ? null : (a.periodMonths ?? 24),
      periodUntil: a.periodUntil ?? null,
      applicantId: actor.account!.id,
      now,
    });
    await audit(tx, actor, 'application.submit', null, created, now);
    return created;
  });
}

export async function loadApplication(db: Db, id: string, scope: Scope): Promise<Application> {
  const a = await getApplication(db, id);
  if (!a || !inScope(scope, a)) throw ApiError.of('NOT_FOUND', 'Application not found');
  return a;
}

export function findApplications(
  db: Db,
  scope: Scope,
  filter: { institutionId?: string | undefined; status?: string | undefined },
): Promise<Application[]> {
  if (scope.institutionId && filter.institutionId && filter.institutionId !== scope.institutionId) {
    return Promise.resolve([]);
  }
  return listApplications(db, {
    officeIds: scope.officeIds,
    institutionId: scope.institutionId ?? filter.institutionId,
    status: filter.status,
  });
}

/** The managing office forwards a submitted application to the central office, with a note. */
export async function forwardApplication(
  ctx: ServiceContext,
  actor: Actor,
  { id, ...input }: { id: string } & { note: string },
): Promise<Application> {
  const { db, now } = ctx;
  const { note } = forwardBody.parse(input);
  return db.transaction(async (tx) => {
    const before = await lockInScope(tx, id, actor.scope);
    if (before.status !== 'submitted') {
      throw ApiError.of(
        'APPLICATION_NOT_SUBMITTED',
        `The application is ${before.status}; only a submitted one is forwarded`,
      );
    }
    const after = await markForwarded(tx, id, { note, by: actor.account?.id ?? null, now });
    await audit(tx, actor, 'application.forward', before, after, now);
    return after;
  });
}

/** The central office approves a forwarded application: letter number, annex, letter PDF. */
export async function approveApplication(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
): Promise<Application> {
  const { db, now } = ctx;
  return db.transaction(async (tx) => {
    const { before, institution, office, number } = await prepareDecision(tx, id, 'approval', { actor, now });
    const annex = annexOf(before, institution.name);
    const pdf = await approvalLetter({
      application: before,
      institution,
      office,
      number,
      now,
      annex,
    });
    const letter = await storeLetter(tx, 'approval_letter', number, pdf, institution.id, now);
    const after = await markDecided(tx, id, {
      status: 'approved',
      by: actor.account?.id ?? null,
      now,
      reasons: null,
      letterNumber: number,
      letterId: letter,
      annex,
    });
    await audit(tx, actor, 'application.approve', before, after, now);
    return after;
  });
}

/** The central office rejects a forwarded application with its reasons: letter number, letter PDF. */
export async function rejectApplication(
  ctx: ServiceContext,
  actor: Actor,
  { id, ...input }: { id: string } & { reasons: string[] },
): Promise<Application> {
  const { db, now } = ctx;
  const { reasons } = rejectBody.parse(input);
  return db.transaction(async (tx) => {
    const { before, institution, office, number } = await prepareDecision(tx, id, 'rejection', {
      actor,
      now,
    });
    const pdf = await rejectionLetter({
      application: before,
      institution,
      office,
      number,
      now,
      reasons,
    });
    const letter = await storeLetter(tx, 'rejection_letter', number, pdf, institution.id, now);
    const after = await markDecided(tx, id, {
      status: 'rejected',
      by: actor.account?.id ?? null,
      now,
      reasons,
      letterNumber: number,
      letterId: letter,
      annex: null,
    });
    await audit(tx, actor, 'application.reject', before, after, now);
    return after;
  });
}

/** The decision letter (PDF) of an application in scope. */
export async function getApplicationLetter(
  db: Db,
  id: string,
  scope: Scope,
): Promise<{ filename: string; bytes: Uint8Array }> {
  const a = await loadApplication(db, id, scope);
  const doc = a.letterId ? await getDocumentBytes(db, a.letterId) : null;
  if (!doc) throw ApiError.of('NOT_FOUND', 'The application has no decision letter yet');
  return { filename: doc.filename, bytes: doc.bytes };
}

// ---------------------------------------------------------------------------------------------------------

function annexOf(a: Application, user: string): Annex {
  return {
    user,
    purpose: a.purpose,
    elements: a.elements.map((code) => ({ code, label: elementDef(code).label })),
    methods: a.methods.map((code) => ({ code, label: METHOD_LABELS[code] ?? code })),
    returnData: a.returnData,
    period: a.periodUntil
      ? `sampai dengan ${tanggal(a.periodUntil)}`
      : `${a.periodMonths} bulan sejak penandatanganan PKS`,
  };
}

async function lockInScope(tx: Db, id: string, scope: Scope): Promise<Application> {
  const a = await getApplication(tx, id, true);
  if (!a || !inScope(scope, a)) throw ApiError.of('NOT_FOUND', 'Application not found');
  return a;
}

async function prepareDecision(tx: Db, id: string, kind: 'approval' | 'rejection', opts: ActOptions) {
  const { actor } = opts;
  const before = await lockInScope(tx, id, actor.scope);
  if (before.status !== 'forwarded') {
    throw ApiError.of(
      'APPLICATION_NOT_FORWARDED',
      `The application is ${before.status}; only a forwarded one is decided`,
    );
  }
  const institution = await loadInstitution(tx, before.institutionId, UNSCOPED);
  const office = (await getOffice(tx, before.officeId))!;
  const year = Number(wibDay(opts.now).slice(0, 4));
  const number = letterNumber(kind, await nextLetterNumber(tx, kind, year), year);
  return { before, institution, office, number };
}

async function storeLetter(
  tx: Db,
  kind: string,
  number: string,
  pdf: Uint8Array,
  institutionId: string,
  now: Date,
): Promise<string> {
  const filename = `${kind === 'approval_letter' ? 'surat-persetujuan' : 'surat-penolakan'}-${number.replaceAll('/', '-')}.pdf`;
  const doc = await insertDocument(tx, {
    kind,
    filename,
    contentType: 'application/pdf',
    bytes: pdf,
    institutionId,
    now,
  });
  return doc.id;
}

function audit(
  tx: Db,
  actor: Actor,
  action: string,
  before: Application | null,
  after: Application,
  now: Date,
): Promise<void> {
  return recordAdminChange({ db: tx, now }, actor, {
    action,
    entityType: 'application',
    entityId: after.id,
    officeId: after.officeId,
    institutionId: after.institutionId,
    before: before && { status: before.status },
    after: { status: after.status, letterNumber: after.letterNumber },
  });
}

import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { addDays, addMonths } from '../../lib/dates.ts';
import { wibDay } from '../../lib/time.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { inScope, SERVER_ACTOR, type Actor } from '../../core/actor.ts';
import { assertMayWiden } from './agreements.policy.ts';
import { loadApplication } from '../applications/applications.service.ts';
import { changeInstitution } from '../institutions/institutions.service.ts';
import { deactivateSamsAtAgreementEnd } from '../card-readers/sams.end.ts';
import { checkGrantedPurposes } from '../purposes/purposes.ts';
import {
  decideExtensionRow,
  getExtensionForUpdate,
  getVersion,
  insertExtension,
  insertVersion,
  type AgreementVersion,
  type ExtensionRequest,
  type Terms,
} from './agreement-versions.repo.ts';
import {
  agreementsToAge,
  getAgreementForUpdate,
  insertAgreement,
  updateAgreementLifecycle,
  type Agreement,
  type AgreementStatus,
} from './agreements.repo.ts';
import {
  amendBody,
  draftAgreementBody,
  endBody,
  extensionBody,
  signBody,
  type AmendInput,
  type DraftAgreementInput,
} from './agreements.lifecycle.schema.ts';

/**
 * The agreement (PKS) lifecycle: draft (from an approved application) → signed → active → expiring → expired,
 * or terminated / revoked. Terms are versions: version 1 at drafting, one more per amendment; the agreement row
 * carries the current version's terms, which is what the access path judges (and audits) against.
 */
interface LifecycleOptions {
  actor: Actor;
  now: Date;
}

/** How long before its end an agreement is `expiring`, and the last day an extension may be requested. */
export const EXTENSION_NOTICE_MONTHS = 2;

export async function draftAgreement(
  ctx: ServiceContext,
  actor: Actor,
  {
    applicationId,
    configThreshold,
    ...input
  }: { applicationId: string; configThreshold?: number | undefined } & DraftAgreementInput,
): Promise<Agreement> {
  const { db, now } = ctx;
  const d = draftAgreementBody.parse(input);
  const application = await loadApplication(db, applicationId, actor.scope);
  if (application.status !== 'approved') {
    throw ApiError.of('AGREEMENT_APPLICATION_NOT_APPROVED');
  }
  const elements = d.terms.elements ?? application.elements;
  const methods = d.terms.methods ?? application.methods;
  const beyond = [
    ...elements.filter((x) => !application.elements.includes(x)),
    ...methods.filter((x) => !application.methods.includes(x)),
  ];
  if (beyond.length > 0) {
    throw ApiError.of('AGREEMENT_BEYOND_APPROVAL', `Not in the approval: ${beyond.join(', ')}`);
  }
  const today = wibDay(now);
  const purposes = await checkGrantedPurposes(db, d.terms.purposeCodes ?? [], d.terms.defaultPurpose);
  return db.transaction(async (tx) => {
    const row = await insertAgreement(tx, {
      institutionId: application.institutionId,
      officeId: application.officeId,
      registryNumber: d.registryNumber,
      institutionNumber: d.institutionNumber,
      purpose: application.purpose,
      elements: elements as Agreement['elements'],
      methods: methods as Agreement['methods'],
      // Provisional until signing, when the period starts.
      startDate: today,
      endDate: application.periodUntil ?? addDays(addMonths(today, application.periodMonths ?? 24), -1),
      status: 'draft',
      defaultThreshold: configThreshold ?? 80,
      allowedHoursStart: null,
      allowedHoursEnd: null,
    });
    await updateAgreementLifecycle(tx, row.id, {
      applicationId: application.id,
      periodMonths: application.periodUntil ? null : (application.periodMonths ?? 24),
    });
    await insertVersion(tx, {
      agreementId: row.id,
      createdBy: actor.account?.id ?? null,
      reason: 'Versi awal (PKS dan Juknis)',
      now: now,
      ...termsFrom(d.terms, {
        purpose: application.purpose,
        elements,
        methods,
        endDate: null,
        returnData: application.returnData,
        ...purposes,
      }),
    });
    const created = (await getAgreementForUpdate(tx, row.id))!;
    await audit(tx, actor, 'agreement.draft', null, created, now);
    return created;
  });
}

export async function signAgreement(
  ctx: ServiceContext,
  actor: Actor,
  { id, ...input }: { id: string } & { signedOn: string; signedPlace: string },
): Promise<Agreement> {
  const { db, now } = ctx;
  const s = signBody.parse(input);
  if (s.signedOn > wibDay(now)) throw ApiError.of('AGREEMENT_SIGNED_IN_FUTURE');
  return change(db, id, { actor, now }, ['draft'], 'agreement.sign', async (tx, a) => {
    const endDate = a.periodMonths ? addDays(addMonths(s.signedOn, a.periodMonths), -1) : a.endDate;
    if (endDate < s.signedOn) throw ApiError.of('AGREEMENT_ENDS_BEFORE_SIGNING');
    await updateAgreementLifecycle(tx, id, {
      status: 'signed',
      signedOn: s.signedOn,
      signedPlace: s.signedPlace,
      startDate: s.signedOn,
      endDate,
    });
  });
}

/** Opens the signed agreement; its technical terms' allowed networks become the institution's. */
export function activateAgreement(ctx: ServiceContext, actor: Actor, id: string): Promise<Agreement> {
  const { db, now } = ctx;
  return change(db, id, { actor, now }, ['signed'], 'agreement.activate', async (tx, a) => {
    if (a.startDate > wibDay(now)) throw ApiError.of('AGREEMENT_NOT_BEGUN');
    await updateAgreementLifecycle(tx, id, { status: 'active' });
    const version = a.currentVersionId ? await getVersion(tx, a.currentVersionId) : null;
    if (version && version.allowedNetworks.length > 0) {
      // Through the network provisioning record (032), which the access path's allowed networks come from.
      await changeInstitution({ db: tx, now }, actor, {
        id: a.institutionId,
        allowedNetworks: version.allowedNetworks,
        terms: { agreementId: a.id, bandwidthMbps: version.bandwidthMbps },
      });
    }
  });
}

/**
 * An amendment (adendum): a new version of the terms. Adding elements or methods needs the central office
 * (domain.md: new elements or methods need Ditjen approval).
 */
export async function amendAgreement(
  ctx: ServiceContext,
  actor: Actor,
  { id, ...input }: { id: string } & AmendInput,
): Promise<AgreementVersion> {
  const { db, now } = ctx;
  const m = amendBody.parse(input);
  let version: AgreementVersion | undefined;
  await change(db, id, { actor, now }, ['signed', 'active', 'expiring'], 'agreement.amend', async (tx, a) => {
    // Agreements recorded before versions existed start from their own row.
    const current: Omit<Terms, 'endDate'> = (a.currentVersionId
      ? await getVersion(tx, a.currentVersionId)
      : null) ?? {
      purpose: a.purpose,
      elements: a.elements,
      methods: a.methods,
      returnData: [],
      allowedNetworks: [],
      bandwidthMbps: null,
      quotaPerAccount: null,
      cardReaders: 0,
      contactPersons: [],
      purposeCodes: a.purposeCodes,
      defaultPurpose: a.defaultPurpose,
    };
    const widens =
      (m.terms.elements ?? []).some((e) => !current.elements.includes(e)) ||
      (m.terms.methods ?? []).some((x) => !current.methods.includes(x)) ||
      (m.terms.purposeCodes ?? []).some((p) => !current.purposeCodes.includes(p));
    if (widens) assertMayWiden(actor);
    if (m.terms.endDate !== undefined && m.terms.endDate < a.startDate) {
      throw ApiError.of('AGREEMENT_ENDS_BEFORE_START');
    }
    version = await insertVersion(tx, {
      agreementId: id,
      createdBy: actor.account?.id ?? null,
      reason: m.reason,
      now,
      ...termsFrom(m.terms, current),
      ...(m.terms.purposeCodes !== undefined || m.terms.defaultPurpose !== undefined
        ? await checkGrantedPurposes(
            tx,
            m.terms.purposeCodes ?? current.purposeCodes,
            m.terms.defaultPurpose !== undefined
              ? m.terms.defaultPurpose
              : m.terms.purposeCodes?.includes(current.defaultPurpose ?? '')
                ? current.defaultPurpose
                : null,
          )
        : {}),
      endDate: m.terms.endDate ?? null,
    });
    if (m.terms.endDate !== undefined && a.status === 'expiring' && !isExpiring(m.terms.endDate, now)) {
      await updateAgreementLifecycle(tx, id, { status: 'active' });
    }
  });
  return version!;
}

/** The institution asks for an extension; only until 2 months before the end. */
export async function requestExtension(
  ctx: ServiceContext,
  actor: Actor,
  { id, ...input }: { id: string } & { newEndDate: string; reason: string },
): Promise<ExtensionRequest> {
  const { db, now } = ctx;
  const e = extensionBody.parse(input);
  return db.transaction(async (tx) => {
    const a = await lockInScope(tx, id, actor);
    if (!['signed', 'active', 'expiring'].includes(a.status)) {
      throw ApiError.of('AGREEMENT_NOT_EXTENDABLE', `The agreement is ${a.status}`);
    }
    const deadline = addMonths(a.endDate, -EXTENSION_NOTICE_MONTHS);
    if (wibDay(now) > deadline) {
      throw ApiError.of(
        'EXTENSION_TOO_LATE',
        `An extension had to be requested by ${deadline} (2 months before the end)`,
        {
          deadline,
        },
      );
    }
    if (e.newEndDate <= a.endDate) throw ApiError.of('EXTENSION_NOT_LATER');
    if (!actor.account) throw ApiError.of('FORBIDDEN', 'An extension is requested by a person');
    const req = await insertExtension(tx, {
      agreementId: id,
      requestedBy: actor.account.id,
      now,
      newEndDate: e.newEndDate,
      reason: e.reason,
    });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'agreement.extension_request',
      entityType: 'agreement',
      entityId: id,
      officeId: a.officeId,
      institutionId: a.institutionId,
      after: req,
    });
    return req;
  });
}

/** The office grants (an amendment moving the end date) or refuses an extension request. */
export async function decideExtension(
  ctx: ServiceContext,
  actor: Actor,
  { id, requestId, grant }: { id: string; requestId: string; grant: boolean },
): Promise<ExtensionRequest> {
  const { db, now } = ctx;
  return db.transaction(async (tx) => {
    await lockInScope(tx, id, actor);
    const req = await getExtensionForUpdate(tx, requestId);
    if (!req || req.agreementId !== id) throw ApiError.of('NOT_FOUND', 'Extension request not found');
    if (req.status !== 'requested') throw ApiError.of('EXTENSION_DECIDED', `The request is ${req.status}`);
    if (grant) {
      await amendAgreement({ db: tx, now }, actor, {
        id,
        reason: `Perpanjangan sampai ${req.newEndDate}: ${req.reason}`,
        terms: { endDate: req.newEndDate },
      });
    }
    const after = await decideExtensionRow(tx, requestId, {
      status: grant ? 'granted' : 'refused',
      by: actor.account?.id ?? null,
      now,
    });
    return after;
  });
}

/** Termination (both parties agree) or revocation (a breach): access ends at once. */
export function endAgreement(
  ctx: ServiceContext,
  actor: Actor,
  { id, to, ...input }: { id: string; to: 'terminated' | 'revoked' } & { reason: string },
): Promise<Agreement> {
  const { db, now } = ctx;
  const { reason } = endBody.parse(input);
  return change(
    db,
    id,
    { actor, now },
    ['draft', 'signed', 'active', 'expiring'],
    `agreement.${to === 'revoked' ? 'revoke' : 'terminate'}`,
    async (tx, a) => {
      await updateAgreementLifecycle(tx, id, { status: to, endedReason: reason });
      // The institution's SAM cards are valid only while a PKS is: deactivated at once, configuration due back.
      await deactivateSamsAtAgreementEnd({ db: tx, now }, actor, { ended: a, to });
    },
  );
}

/**
 * The expiry job: active agreements within 2 months of their end become `expiring`; agreements past their end
 * become `expired`. Idempotent (a second run changes nothing); each change is in the admin audit.
 */
export async function runAgreementExpiry(db: Db, now: Date): Promise<{ expiring: number; expired: number }> {
  const today = wibDay(now);
  const rows = await agreementsToAge(db, today, addMonths(today, EXTENSION_NOTICE_MONTHS));
  let expiring = 0;
  let expired = 0;
  for (const { id, to } of rows) {
    await db.transaction(async (tx) => {
      const a = await getAgreementForUpdate(tx, id);
      if (!a || !['active', 'expiring'].includes(a.status) || a.status === to) return;
      await updateAgreementLifecycle(tx, id, { status: to });
      await audit(tx, SERVER_ACTOR, `agreement.${to}`, a, { ...a, status: to }, now);
      if (to === 'expired')
        await deactivateSamsAtAgreementEnd({ db: tx, now }, SERVER_ACTOR, { ended: a, to });
      if (to === 'expired') expired += 1;
      else expiring += 1;
    });
  }
  return { expiring, expired };
}

// ---------------------------------------------------------------------------------------------------------

function isExpiring(endDate: string, now: Date): boolean {
  return endDate <= addMonths(wibDay(now), EXTENSION_NOTICE_MONTHS);
}

function termsFrom(
  t: Partial<Omit<Terms, 'purpose' | 'endDate' | 'purposeCodes' | 'defaultPurpose'>> & {
    bandwidthMbps?: number | null | undefined;
  },
  base: Partial<Terms> & Pick<Terms, 'purpose' | 'elements' | 'methods' | 'returnData'>,
): Terms {
  return {
    purpose: base.purpose,
    elements: t.elements ?? base.elements,
    methods: t.methods ?? base.methods,
    endDate: base.endDate ?? null,
    returnData: t.returnData ?? base.returnData,
    allowedNetworks: t.allowedNetworks ?? base.allowedNetworks ?? [],
    bandwidthMbps: t.bandwidthMbps !== undefined ? t.bandwidthMbps : (base.bandwidthMbps ?? null),
    quotaPerAccount: t.quotaPerAccount !== undefined ? t.quotaPerAccount : (base.quotaPerAccount ?? null),
    cardReaders: t.cardReaders ?? base.cardReaders ?? 0,
    contactPersons: t.contactPersons ?? base.contactPersons ?? [],
    purposeCodes: base.purposeCodes ?? [],
    defaultPurpose: base.defaultPurpose ?? null,
  };
}

async function lockInScope(tx: Db, id: string, actor: Actor): Promise<Agreement> {
  const a = await getAgreementForUpdate(tx, id);
  if (!a || !inScope(actor.scope, a)) throw ApiError.of('NOT_FOUND', 'Agreement not found');
  return a;
}

async function change(
  db: Db,
  id: string,
  opts: LifecycleOptions,
  from: AgreementStatus[],
  action: string,
  fn: (tx: Db, a: Agreement) => Promise<void>,
): Promise<Agreement> {
  const { actor } = opts;
  return db.transaction(async (tx) => {
    const before = await lockInScope(tx, id, actor);
    if (!from.includes(before.status)) {
      throw ApiError.of(
        'AGREEMENT_STATE',
        `The agreement is ${before.status}; this needs ${from.join(' or ')}`,
      );
    }
    await fn(tx, before);
    const after = (await getAgreementForUpdate(tx, id))!;
    await audit(tx, actor, action, before, after, opts.now);
    return after;
  });
}

function audit(tx: Db, actor: Actor, action: string, before: Agreement | null, after: Agreement, now: Date) {
  const pick = (a: Agreement) => ({
    status: a.status,
    startDate: a.startDate,
    endDate: a.endDate,
    elements: a.elements,
    methods: a.methods,
    currentVersionId: a.currentVersionId,
  });
  return recordAdminChange({ db: tx, now }, actor, {
    action,
    entityType: 'agreement',
    entityId: after.id,
    officeId: after.officeId,
    institutionId: after.institutionId,
    before: before && pick(before),
    after: pick(after),
  });
}

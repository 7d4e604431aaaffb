import type { ServiceContext } from '../../core/service-context.ts';
import type { Db } from '../../db/db.ts';
import { ApiError } from '../../core/errors.ts';
import { recordAdminChange } from '../admin-audit/admin-audit.ts';
import { loadAccount } from '../accounts/accounts.service.ts';
import { inScope, type Actor, type Scope, UNSCOPED } from '../../core/actor.ts';
import { assertMayManageOperators } from './gates.policy.ts';
import { insertDocument } from '../documents/documents.repo.ts';
import { decodeUpload } from '../documents/documents.upload.ts';
import { loadInstitution } from '../institutions/institutions.service.ts';
import {
  decidePoc,
  getClientApplication,
  insertClientApplication,
  insertNda,
  insertStatement,
  listClientApplications,
  listStatements,
  operatorGates,
  readGates,
  setAccountClientApplication,
  type ClientApplication,
  type Nda,
  type ResponsibilityStatement,
} from './gates.repo.ts';
import { assignBody, clientApplicationBody, ndaBody, pocBody, statementBody } from './gates.schema.ts';

/** Hits per WIB day of an operator whose client application has not passed its PoC (development credentials). */
export const DEVELOPMENT_QUOTA = 50;

export type GateResult =
  | {
      ok: true;
      /**
       * The development quota for any call of this operator (portal included): it works for a client
       * application whose PoC has not passed; null: none.
       */
      quotaCap: number | null;
      /**
       * The development quota for a web-service call (v1 with a bearer token, the wire protocol): until the
       * caller's client application has passed its PoC (Juknis). The caller's client application is the one
       * the operator is placed under; an operator placed under none answers for its institution, so it is on
       * development terms until some client application of the institution has passed. Null: production.
       */
      webServiceQuotaCap: number | null;
      /** The client application's wire setting: `RESPONSE_CODE "01"` on a verification answer. */
      wireVerifyResponseCode: boolean;
    }
  | { ok: false; outcome: 'responsibility_statement_missing' | 'nda_missing' };

/**
 * The gates of access, checked by the access path after the agreement in force: the institution head's
 * responsibility statement (SPTJM) is recorded, the operator's NDA is recorded, and a caller whose client
 * application has not passed its PoC is held to the development quota (see `webServiceQuotaCap`).
 */
export async function checkAccessGates(
  db: Db,
  institutionId: string,
  accountId: string,
): Promise<GateResult> {
  const g = await readGates(db, institutionId, accountId);
  if (!g.hasStatement) return { ok: false, outcome: 'responsibility_statement_missing' };
  if (!g.hasNda) return { ok: false, outcome: 'nda_missing' };
  const assignedCap = g.pocStatus !== null && g.pocStatus !== 'passed' ? DEVELOPMENT_QUOTA : null;
  return {
    ok: true,
    quotaCap: assignedCap,
    webServiceQuotaCap:
      g.pocStatus !== null ? assignedCap : g.institutionPocPassed ? null : DEVELOPMENT_QUOTA,
    wireVerifyResponseCode: g.wireVerifyResponseCode,
  };
}

export async function recordResponsibilityStatement(
  ctx: ServiceContext,
  actor: Actor,
  { institutionId, body: input }: { institutionId: string; body: unknown },
): Promise<ResponsibilityStatement> {
  const { db, now } = ctx;
  const s = statementBody.parse(input);
  const institution = await loadInstitution(db, institutionId, actor.scope);
  const bytes = decodeUpload(s.document);
  return db.transaction(async (tx) => {
    const doc = await insertDocument(tx, {
      kind: 'responsibility_statement',
      filename: s.document.filename,
      contentType: s.document.contentType,
      bytes,
      institutionId: institution.id,
      now,
    });
    const row = await insertStatement(tx, {
      institutionId: institution.id,
      signatoryName: s.signatoryName,
      signatoryPosition: s.signatoryPosition,
      signedOn: s.signedOn,
      documentId: doc.id,
      recordedBy: actor.account?.id ?? null,
      now,
    });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'institution.responsibility_statement',
      entityType: 'institution',
      entityId: institution.id,
      officeId: institution.officeId,
      institutionId: institution.id,
      after: row,
    });
    return row;
  });
}

/** Records an operator's NDA (with its signed document, when uploaded). */
export async function recordNda(
  ctx: ServiceContext,
  actor: Actor,
  { accountId, body: input }: { accountId: string; body: unknown },
): Promise<Nda> {
  const { db, now } = ctx;
  const n = ndaBody.parse(input);
  const account = await loadAccount(db, accountId, actor.scope);
  if (account.role !== 'operator')
    throw ApiError.of('NOT_AN_OPERATOR_ACCOUNT', 'An NDA is recorded for operators');
  const institution = await loadInstitution(db, account.institutionId!, UNSCOPED);
  const bytes = n.document ? decodeUpload(n.document) : null;
  return db.transaction(async (tx) => {
    const doc =
      n.document && bytes
        ? await insertDocument(tx, {
            kind: 'nda',
            filename: n.document.filename,
            contentType: n.document.contentType,
            bytes,
            institutionId: institution.id,
            now,
          })
        : null;
    const row = await insertNda(tx, {
      accountId,
      signedOn: n.signedOn,
      documentId: doc?.id ?? null,
      recordedBy: actor.account?.id ?? null,
      now,
    });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'account.nda',
      entityType: 'account',
      entityId: accountId,
      officeId: institution.officeId,
      institutionId: institution.id,
      after: row,
    });
    return row;
  });
}

/** Registers a client application of an institution (an API caller); it works on development credentials. */
export async function registerClientApplication(
  ctx: ServiceContext,
  actor: Actor,
  { institutionId, body: input }: { institutionId: string; body: unknown },
): Promise<ClientApplication> {
  const { db, now } = ctx;
  const c = clientApplicationBody.parse(input);
  const institution = await loadInstitution(db, institutionId, actor.scope);
  return db.transaction(async (tx) => {
    const row = await insertClientApplication(tx, {
      institutionId: institution.id,
      name: c.name,
      description: c.description,
      registeredBy: actor.account?.id ?? null,
      now,
    });
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'client_application.register',
      entityType: 'client_application',
      entityId: row.id,
      officeId: institution.officeId,
      institutionId: institution.id,
      after: row,
    });
    return row;
  });
}

export async function loadClientApplication(db: Db, id: string, scope: Scope): Promise<ClientApplication> {
  const app = await getClientApplication(db, id);
  const inst = app ? await loadInstitution(db, app.institutionId, UNSCOPED).catch(() => null) : null;
  if (!app || !inst || !inScope(scope, { officeId: inst.officeId, institutionId: inst.id })) {
    throw ApiError.of('NOT_FOUND', 'Client application not found');
  }
  return app;
}

/** The registry records the PoC result; a pass gives the application's operators their agreed quota. */
export async function recordPoc(
  ctx: ServiceContext,
  actor: Actor,
  { id, body: input }: { id: string; body: unknown },
): Promise<ClientApplication> {
  const { db, now } = ctx;
  const p = pocBody.parse(input);
  const before = await loadClientApplication(db, id, actor.scope);
  const inst = await loadInstitution(db, before.institutionId, UNSCOPED);
  return db.transaction(async (tx) => {
    const after = await decidePoc(tx, id, { ...p, by: actor.account?.id ?? null, now });
    await recordAdminChange({ db: tx, now }, actor, {
      action: p.passed ? 'client_application.poc_passed' : 'client_application.poc_failed',
      entityType: 'client_application',
      entityId: id,
      officeId: inst.officeId,
      institutionId: inst.id,
      before: { pocStatus: before.pocStatus },
      after: { pocStatus: after.pocStatus, pocNote: after.pocNote },
    });
    return after;
  });
}

/** Puts an operator under a client application of its institution (or takes it off: null). */
export async function assignClientApplication(
  ctx: ServiceContext,
  actor: Actor,
  { accountId, body: input }: { accountId: string; body: unknown },
) {
  const { db, now } = ctx;
  const { clientApplicationId } = assignBody.parse(input);
  const account = await loadAccount(db, accountId, actor.scope);
  if (account.role !== 'operator')
    throw ApiError.of('NOT_AN_OPERATOR_ACCOUNT', 'Only operators call through applications');
  assertMayManageOperators(actor);
  if (clientApplicationId !== null) {
    const app = await loadClientApplication(db, clientApplicationId, actor.scope);
    if (app.institutionId !== account.institutionId) {
      throw ApiError.of('CLIENT_APPLICATION_FOREIGN');
    }
  }
  const inst = await loadInstitution(db, account.institutionId!, UNSCOPED);
  await db.transaction(async (tx) => {
    await setAccountClientApplication(tx, accountId, clientApplicationId);
    await recordAdminChange({ db: tx, now }, actor, {
      action: 'account.client_application',
      entityType: 'account',
      entityId: accountId,
      officeId: inst.officeId,
      institutionId: inst.id,
      after: { clientApplicationId },
    });
  });
  return { accountId, clientApplicationId };
}

/** Where an institution stands at the gates: SPTJM, each operator's NDA, client applications and PoCs. */
export async function gateStatus(db: Db, institutionId: string, scope: Scope) {
  const inst = await loadInstitution(db, institutionId, scope);
  const [statements, operators, apps] = await Promise.all([
    listStatements(db, inst.id),
    operatorGates(db, inst.id),
    listClientApplications(db, inst.id),
  ]);
  return {
    institutionId: inst.id,
    responsibilityStatement: statements[0] ?? null,
    operators,
    clientApplications: apps,
    developmentQuota: DEVELOPMENT_QUOTA,
  };
}

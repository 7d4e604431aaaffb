import type { Db } from '../db/db.ts';
import type { Account } from '../modules/accounts/accounts.repo.ts';
import { insertDocument } from '../modules/documents/documents.repo.ts';
import {
  decidePoc,
  insertClientApplication,
  insertNda,
  insertStatement,
} from '../modules/gates/gates.repo.ts';
import type { Institution } from '../modules/institutions/institutions.repo.ts';

/** Recording the gates of access for test and benchmark worlds (no test runner needed: the bench uses it). */
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/**
 * Records the institution head's SPTJM (a gate of access) and, unless `poc: false`, a client application whose
 * PoC passed: a world that passes the gates calls in production (web-service callers are on development terms
 * until their application's PoC has passed, gates.service.ts).
 */
export async function addStatement(
  db: Db,
  institution: Pick<Institution, 'id'>,
  opts: { poc?: boolean } = {},
): Promise<void> {
  if (opts.poc !== false) await addPassedPoc(db, institution);
  const doc = await insertDocument(db, {
    kind: 'responsibility_statement',
    filename: 'sptjm.pdf',
    contentType: 'application/pdf',
    bytes: TINY_PDF,
    institutionId: institution.id,
    now: new Date(),
  });
  await insertStatement(db, {
    institutionId: institution.id,
    signatoryName: 'Kepala Instansi Uji',
    signatoryPosition: 'Kepala',
    signedOn: '2026-01-02',
    documentId: doc.id,
    recordedBy: null,
    now: new Date(),
  });
}

/** Records an operator's NDA (a gate of access). */
export async function addNda(db: Db, account: Pick<Account, 'id'>): Promise<void> {
  await insertNda(db, {
    accountId: account.id,
    signedOn: '2026-01-02',
    documentId: null,
    recordedBy: null,
    now: new Date(),
  });
}

/** Registers a client application of the institution whose PoC passed (production web-service terms). */
export async function addPassedPoc(db: Db, institution: Pick<Institution, 'id'>): Promise<string> {
  const app = await insertClientApplication(db, {
    institutionId: institution.id,
    name: `Aplikasi uji ${Math.random().toString(36).slice(2, 10)}`,
    description: 'Aplikasi instansi uji',
    registeredBy: null,
    now: new Date(),
  });
  await decidePoc(db, app.id, { passed: true, note: 'PoC uji lulus', by: null, now: new Date() });
  return app.id;
}

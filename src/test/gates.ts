import type { Db } from '../db/db.ts';
import type { Account } from '../modules/accounts/accounts.repo.ts';
import { insertDocument } from '../modules/documents/documents.repo.ts';
import { insertNda, insertStatement } from '../modules/gates/gates.repo.ts';
import type { Institution } from '../modules/institutions/institutions.repo.ts';

/** Recording the gates of access for test and benchmark worlds (no test runner needed: the bench uses it). */
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** Records the institution head's SPTJM (a gate of access). */
export async function addStatement(db: Db, institution: Pick<Institution, 'id'>): Promise<void> {
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

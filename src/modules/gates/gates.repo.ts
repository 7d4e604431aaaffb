import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';
import type { z } from 'zod';
import type { clientApplicationView, ndaView, statementView } from './gates.schema.ts';

// The SPTJM, an NDA and a client application as the repository reads them and the API answers them (the zod
// views are the one source).
export type ResponsibilityStatement = z.output<typeof statementView>;
export type Nda = z.output<typeof ndaView>;
export type ClientApplication = z.output<typeof clientApplicationView>;

const STM = `id, institution_id AS "institutionId", signatory_name AS "signatoryName",
  signatory_position AS "signatoryPosition", signed_on AS "signedOn", document_id AS "documentId",
  recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;
const NDA = `id, account_id AS "accountId", signed_on AS "signedOn", document_id AS "documentId",
  recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;
const CAP = `id, institution_id AS "institutionId", name, description, registered_by AS "registeredBy",
  registered_at AS "registeredAt", poc_status AS "pocStatus", poc_note AS "pocNote",
  poc_decided_by AS "pocDecidedBy", poc_decided_at AS "pocDecidedAt"`;

export async function insertStatement(
  db: Db,
  s: Omit<ResponsibilityStatement, 'id' | 'recordedAt'> & { now: Date },
): Promise<ResponsibilityStatement> {
  const { rows } = await db.query<ResponsibilityStatement>(
    `INSERT INTO responsibility_statements (id, institution_id, signatory_name, signatory_position, signed_on,
                                            document_id, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${STM}`,
    [
      newId('stm'),
      s.institutionId,
      s.signatoryName,
      s.signatoryPosition,
      s.signedOn,
      s.documentId,
      s.recordedBy,
      s.now.toISOString(),
    ],
  );
  return rows[0]!;
}

export async function listStatements(db: Db, institutionId: string): Promise<ResponsibilityStatement[]> {
  const { rows } = await db.query<ResponsibilityStatement>(
    `SELECT ${STM} FROM responsibility_statements WHERE institution_id = $1 ORDER BY recorded_at DESC`,
    [institutionId],
  );
  return rows;
}

export async function insertNda(db: Db, n: Omit<Nda, 'id' | 'recordedAt'> & { now: Date }): Promise<Nda> {
  const { rows } = await db.query<Nda>(
    `INSERT INTO ndas (id, account_id, signed_on, document_id, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${NDA}`,
    [newId('nda'), n.accountId, n.signedOn, n.documentId, n.recordedBy, n.now.toISOString()],
  );
  return rows[0]!;
}

export async function insertClientApplication(
  db: Db,
  c: { institutionId: string; name: string; description: string; registeredBy: string | null; now: Date },
): Promise<ClientApplication> {
  const { rows } = await db.query<ClientApplication>(
    `INSERT INTO client_applications (id, institution_id, name, description, registered_by, registered_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${CAP}`,
    [newId('cap'), c.institutionId, c.name, c.description, c.registeredBy, c.now.toISOString()],
  );
  return rows[0]!;
}

export async function getClientApplication(db: Db, id: string): Promise<ClientApplication | null> {
  const { rows } = await db.query<ClientApplication>(`SELECT ${CAP} FROM client_applications WHERE id = $1`, [
    id,
  ]);
  return rows[0] ?? null;
}

export async function listClientApplications(db: Db, institutionId: string): Promise<ClientApplication[]> {
  const { rows } = await db.query<ClientApplication>(
    `SELECT ${CAP} FROM client_applications WHERE institution_id = $1 ORDER BY registered_at`,
    [institutionId],
  );
  return rows;
}

export async function decidePoc(
  db: Db,
  id: string,
  d: { passed: boolean; note: string; by: string | null; now: Date },
): Promise<ClientApplication> {
  const { rows } = await db.query<ClientApplication>(
    `UPDATE client_applications SET poc_status = $2, poc_note = $3, poc_decided_by = $4, poc_decided_at = $5
      WHERE id = $1 RETURNING ${CAP}`,
    [id, d.passed ? 'passed' : 'failed', d.note, d.by, d.now.toISOString()],
  );
  return rows[0]!;
}

export async function setAccountClientApplication(db: Db, accountId: string, appId: string | null) {
  await db.query(`UPDATE user_accounts SET client_application_id = $2 WHERE id = $1`, [accountId, appId]);
}

/** The operators of an institution with whether each has a recorded NDA and its client application. */
export async function operatorGates(
  db: Db,
  institutionId: string,
): Promise<
  { id: string; username: string; isActive: boolean; hasNda: boolean; clientApplicationId: string | null }[]
> {
  const { rows } = await db.query<{
    id: string;
    username: string;
    isActive: boolean;
    hasNda: boolean;
    clientApplicationId: string | null;
  }>(
    `SELECT u.id, u.username, u.is_active AS "isActive",
            EXISTS (SELECT 1 FROM ndas n WHERE n.account_id = u.id) AS "hasNda",
            u.client_application_id AS "clientApplicationId"
       FROM user_accounts u WHERE u.institution_id = $1 AND u.role = 'operator' ORDER BY u.username`,
    [institutionId],
  );
  return rows;
}

/**
 * The facts the access path needs about its caller's obligations and client application, in one round trip:
 * SPTJM, NDA, the client application's PoC status and its wire compatibility setting, and whether any client
 * application of the institution has passed its PoC (the rule for an operator under none, 032).
 */
export async function readGates(
  db: Db,
  institutionId: string,
  accountId: string,
): Promise<{
  hasStatement: boolean;
  hasNda: boolean;
  pocStatus: string | null;
  wireVerifyResponseCode: boolean;
  institutionPocPassed: boolean;
}> {
  const { rows } = await db.query<{
    hasStatement: boolean;
    hasNda: boolean;
    pocStatus: string | null;
    wireVerifyResponseCode: boolean;
    institutionPocPassed: boolean;
  }>(
    `SELECT EXISTS (SELECT 1 FROM responsibility_statements WHERE institution_id = $1) AS "hasStatement",
            EXISTS (SELECT 1 FROM ndas WHERE account_id = $2) AS "hasNda",
            c.poc_status AS "pocStatus",
            COALESCE(c.wire_verify_response_code, false) AS "wireVerifyResponseCode",
            EXISTS (SELECT 1 FROM client_applications p
                     WHERE p.institution_id = $1 AND p.poc_status = 'passed') AS "institutionPocPassed"
       FROM (SELECT 1) one
       LEFT JOIN user_accounts u ON u.id = $2
       LEFT JOIN client_applications c ON c.id = u.client_application_id`,
    [institutionId, accountId],
  );
  return rows[0]!;
}

import type { Db } from '../../db/db.ts';
import { newId } from '../../lib/ids.ts';

export type DocumentType = 'application/pdf' | 'image/png' | 'image/jpeg';
export const DOCUMENT_TYPES: readonly DocumentType[] = ['application/pdf', 'image/png', 'image/jpeg'];
/** The largest stored document (letters, uploads): 5 MiB. */
export const DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;

export interface StoredDocument {
  id: string;
  kind: string;
  filename: string;
  contentType: DocumentType;
  size: number;
  institutionId: string | null;
  createdAt: string;
}

const COLUMNS = `id, kind, filename, content_type AS "contentType", size, institution_id AS "institutionId",
  created_at AS "createdAt"`;

export async function insertDocument(
  db: Db,
  d: {
    kind: string;
    filename: string;
    contentType: DocumentType;
    bytes: Uint8Array;
    institutionId: string | null;
    now: Date;
  },
): Promise<StoredDocument> {
  const { rows } = await db.query<StoredDocument>(
    `INSERT INTO documents (id, kind, filename, content_type, size, bytes, institution_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [
      newId('doc'),
      d.kind,
      d.filename,
      d.contentType,
      d.bytes.byteLength,
      d.bytes,
      d.institutionId,
      d.now.toISOString(),
    ],
  );
  return rows[0]!;
}

export async function getDocumentBytes(
  db: Db,
  id: string,
): Promise<(StoredDocument & { bytes: Uint8Array }) | null> {
  const { rows } = await db.query<StoredDocument & { bytes: Uint8Array }>(
    `SELECT ${COLUMNS}, bytes FROM documents WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** The next number of a kind of letter in a year (1, 2, …), atomically. */
export async function nextLetterNumber(db: Db, kind: string, year: number): Promise<number> {
  const { rows } = await db.query<{ last: number }>(
    `INSERT INTO letter_counters (kind, year, last) VALUES ($1, $2, 1)
     ON CONFLICT (kind, year) DO UPDATE SET last = letter_counters.last + 1 RETURNING last`,
    [kind, year],
  );
  return rows[0]!.last;
}

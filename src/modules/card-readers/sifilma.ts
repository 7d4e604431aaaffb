import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/db.ts';
import { wibDay } from '../../lib/time.ts';
import type { Scope } from '../../core/actor.ts';
import { renderPdf } from '../documents/documents.pdf.ts';

/**
 * The hand-off to SIFILMA, the ministry's closed system that personalises and activates SAM cards: Gerbang
 * exports the pending requests (CSV for upload, PDF for the letter file) and the officer records SIFILMA's
 * answer per SAM (POST /v1/sams/:id/sifilma-answer). No population data is in the export.
 */
export interface SifilmaRow {
  samId: string;
  institutionCode: string;
  institutionName: string;
  workUnit: string;
  regionCode: string;
  readerSerial: string;
  vendor: string;
  model: string;
  procuredOn: string;
  requestedAt: string;
}

export async function pendingSifilmaRequests(db: Db, scope: Scope): Promise<SifilmaRow[]> {
  const { rows } = await db.query<SifilmaRow>(
    `SELECT s.id AS "samId", i.code AS "institutionCode", i.name AS "institutionName", u.name AS "workUnit",
            u.region_code AS "regionCode", r.serial AS "readerSerial", r.vendor, r.model,
            r.procured_on::text AS "procuredOn", s.requested_at AS "requestedAt"
       FROM sam_cards s JOIN card_readers r ON r.id = s.reader_id JOIN work_units u ON u.id = r.work_unit_id
       JOIN institutions i ON i.id = s.institution_id
      WHERE s.state = 'requested' AND s.sifilma_status = 'pending'
        AND ($1::text IS NULL OR i.id = $1) AND ($2::text[] IS NULL OR i.office_id = ANY($2))
      ORDER BY i.code, s.requested_at, s.id`,
    [scope.institutionId ?? null, scope.officeIds ?? null],
  );
  return rows;
}

const HEADER = [
  'sam_id',
  'institution_code',
  'institution_name',
  'work_unit',
  'region_code',
  'reader_serial',
  'reader_vendor',
  'reader_model',
  'procured_on',
  'requested_at',
];

export function sifilmaCsv(rows: SifilmaRow[]): string {
  return stringify(
    [
      HEADER,
      ...rows.map((r) => [
        r.samId,
        r.institutionCode,
        r.institutionName,
        r.workUnit,
        r.regionCode,
        r.readerSerial,
        r.vendor,
        r.model,
        r.procuredOn,
        new Date(r.requestedAt).toISOString(),
      ]),
    ],
    { quoted_string: true, record_delimiter: '\r\n' },
  );
}

export function sifilmaPdf(rows: SifilmaRow[], now: Date): Promise<Uint8Array> {
  return renderPdf({
    title: 'Permohonan personalisasi dan aktivasi SAM (SIFILMA)',
    blocks: [
      { kind: 'heading', text: 'Permohonan personalisasi dan aktivasi kartu SAM' },
      {
        kind: 'paragraph',
        text:
          `Disampaikan ${rows.length} permohonan kartu SAM untuk card reader KTP-el lembaga pengguna, ` +
          `per ${wibDay(now)}, untuk diproses melalui aplikasi SIFILMA.`,
      },
      ...rows.map((r) => ({
        kind: 'table' as const,
        title: `SAM ${r.samId}`,
        rows: [
          ['Lembaga', `${r.institutionName} (${r.institutionCode})`],
          ['Unit kerja', `${r.workUnit} (wilayah ${r.regionCode})`],
          ['Card reader', `${r.readerSerial}: ${r.vendor} ${r.model}, pengadaan ${r.procuredOn}`],
          ['Diminta', new Date(r.requestedAt).toISOString()],
        ] as [string, string][],
      })),
    ],
  });
}

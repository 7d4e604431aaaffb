import type { Db } from '../../db/db.ts';
import { tanggal } from '../../lib/dates.ts';
import { wibDay, wibTime } from '../../lib/time.ts';
import { OUTCOMES, type Outcome } from '../access/outcomes.ts';
import { renderPdf, type Block } from '../documents/documents.pdf.ts';
import { ELEMENTS } from '../elements/elements.ts';
import { residentHistory, type HistoryRecord } from './resident.history.ts';

/** The most records one document lists (newest first); a longer history says how many more there are. */
export const DOCUMENT_LIMIT = 5000;
const PAGE = 500;

/** How the resident reads the access method: the words of the registry's own service names. */
export const METHOD_WORDS: Record<string, string> = {
  verification: 'Layanan web (web service)',
  portal: 'Portal web',
  card_reader: 'Pembaca KTP-el (card reader)',
};

const LABELS = new Map(ELEMENTS.map((e) => [e.code, e.label]));
/** An element's Indonesian label (the master list), never its value. */
export const elementLabel = (code: string) => LABELS.get(code) ?? code;

/** '1234567890123456' → '************3456': the document shows only the NIK's last four digits. */
export const maskNik = (nik: string) => `${'*'.repeat(Math.max(0, nik.length - 4))}${nik.slice(-4)}`;

/** The outcome in words: answered or refused, and the registry's message for it. */
export function outcomeWords(outcome: string): string {
  const o = OUTCOMES[outcome as Outcome] as (typeof OUTCOMES)[Outcome] | undefined;
  if (!o) return outcome;
  return `${o.answered ? 'Dijawab' : 'Ditolak'}: ${o.message}`;
}

/** A record's time as the document writes it: "10 April 2026 14:05:09 WIB". */
const when = (iso: string) => {
  const d = new Date(iso);
  return `${tanggal(wibDay(d))} ${wibTime(d)} WIB`;
};

/** Every visible record of the NIK, newest first, up to DOCUMENT_LIMIT (the covert delay applies as on screen). */
async function allRecords(
  db: Db,
  nik: string,
  now: Date,
): Promise<{ items: HistoryRecord[]; more: boolean }> {
  const items: HistoryRecord[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await residentHistory(db, { nik, now, before, limit: PAGE });
    items.push(...page);
    if (page.length < PAGE) return { items, more: false };
    if (items.length >= DOCUMENT_LIMIT) {
      const next = await residentHistory(db, { nik, now, before: items.at(-1)!.id, limit: 1 });
      return { items: items.slice(0, DOCUMENT_LIMIT), more: next.length > 0 };
    }
    before = page.at(-1)!.id;
  }
}

/**
 * The resident's history as a formal Indonesian PDF ("Riwayat Akses Data Kependudukan"): the NIK masked but
 * for its last four digits, then every access — time (WIB), institution, method, purpose, the names of the
 * elements disclosed (never a value), outcome — newest first. Only what the resident's own screen shows.
 */
export async function residentHistoryPdf(db: Db, q: { nik: string; now: Date }): Promise<Uint8Array> {
  const { items, more } = await allRecords(db, q.nik, q.now);
  const blocks: Block[] = [
    { kind: 'heading', text: 'RIWAYAT AKSES DATA KEPENDUDUKAN' },
    { kind: 'paragraph', text: 'Layanan "Cek akses data saya" - Gerbang, Direktorat Jenderal Dukcapil' },
    {
      kind: 'fields',
      rows: [
        ['NIK', maskNik(q.nik)],
        ['Dicetak pada', when(q.now.toISOString())],
        ['Jumlah catatan', String(items.length)],
      ],
    },
    {
      kind: 'paragraph',
      text:
        'Dokumen ini mencantumkan setiap akses terhadap data kependudukan atas NIK di atas yang tercatat di ' +
        'Gerbang, termasuk percobaan yang ditolak. Yang dicantumkan hanya nama elemen data yang diberikan, ' +
        'tidak pernah isinya. Akses oleh penegak hukum dapat baru tampil setelah masa tunda yang ditetapkan.',
    },
  ];
  if (items.length === 0) blocks.push({ kind: 'paragraph', text: 'Belum ada akses yang tercatat.' });
  items.forEach((r, i) => {
    const purpose = r.purposeLabel ?? r.purpose;
    blocks.push({
      kind: 'table',
      title: `${i + 1}. ${when(r.at)}`,
      rows: [
        ['Instansi', r.institutionName ?? 'Tidak diketahui (akses ditolak sebelum instansi dikenali)'],
        ['Metode', METHOD_WORDS[r.method] ?? r.method],
        ['Tujuan', purpose ? `${purpose}${r.purposeDefaulted ? ' (tujuan bawaan)' : ''}` : '-'],
        [
          'Elemen diberikan',
          r.elementsDisclosed.length > 0 ? r.elementsDisclosed.map(elementLabel).join(', ') : 'Tidak ada',
        ],
        ['Hasil', outcomeWords(r.outcome)],
        ['Nomor catatan', String(r.id)],
      ],
    });
  });
  if (more) {
    blocks.push({
      kind: 'paragraph',
      text: `Dokumen ini memuat ${DOCUMENT_LIMIT} catatan terbaru; catatan yang lebih lama dapat dilihat di layanan.`,
    });
  }
  return renderPdf({ title: 'Riwayat akses data kependudukan', blocks });
}

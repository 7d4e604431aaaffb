import type { Db } from '../../db/db.ts';

/**
 * Sections of the semester report (and checklist items of the evaluation) that belong to obligations other
 * modules own: return data (data balikan), card readers and SAM cards, purposes of use, and disputes. Until
 * such a module registers its source here, the section says plainly that Gerbang holds no such obligation
 * for the institution (`not_applicable`) — never an empty figure that could be read as "none returned".
 *
 * A module registers one function per key, e.g. in its own module file:
 *   reportExtensions.return_data = async (db, q) => ({ key: 'return_data', status: 'reported', … });
 */
export const EXTENSION_KEYS = ['return_data', 'card_readers', 'purposes', 'disputes'] as const;
export type ExtensionKey = (typeof EXTENSION_KEYS)[number];

export interface ExtensionQuery {
  institutionId: string;
  semester: string;
  /** Inclusive WIB days of the period. */
  from: string;
  to: string;
  /** The WIB day the figures are read on (deadlines passed or not): the caller's clock. */
  today: string;
}

export interface ExtensionSection {
  key: ExtensionKey;
  /** `not_applicable`: no such obligation is recorded in Gerbang (the module does not exist or the agreement
   * names none); `reported`: the rows are the module's figures. */
  status: 'not_applicable' | 'reported';
  /** Indonesian, as printed in the documents. */
  title: string;
  note: string;
  rows: { label: string; value: string }[];
  /** For the evaluation checklist: whether the obligation is met (null when not applicable). */
  met: boolean | null;
}

export type ReportExtension = (db: Db, q: ExtensionQuery) => Promise<ExtensionSection>;

export const reportExtensions: Partial<Record<ExtensionKey, ReportExtension>> = {};

export const EXTENSION_TITLES: Record<ExtensionKey, string> = {
  return_data: 'Data balikan',
  card_readers: 'Card reader KTP-el dan kartu SAM',
  purposes: 'Pemanfaatan per tujuan',
  disputes: 'Pengaduan dan sengketa',
};

export function notApplicable(key: ExtensionKey): ExtensionSection {
  return {
    key,
    status: 'not_applicable',
    title: EXTENSION_TITLES[key],
    note: 'Tidak berlaku: kewajiban ini belum tercatat di Gerbang',
    rows: [],
    met: null,
  };
}

export async function reportExtensionSections(db: Db, q: ExtensionQuery): Promise<ExtensionSection[]> {
  const out: ExtensionSection[] = [];
  for (const key of EXTENSION_KEYS) {
    const source = reportExtensions[key];
    out.push(source ? await source(db, q) : notApplicable(key));
  }
  return out;
}

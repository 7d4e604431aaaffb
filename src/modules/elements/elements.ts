import type { ResidentRecord } from '../residents/residents.types.ts';

/**
 * The data elements an agreement grants, named once with their Dukcapil wire names (glossary: "data
 * element"). The same codes are used by agreements, the v1 API, the wire format, the audit and the portal.
 *
 * `kind` says how an element is compared in verification:
 * - `text`: similarity score (names, places, street address, region names) against a threshold;
 * - `category`: exact after normalising case, spacing and punctuation (sex, religion, ...);
 * - `digits`: exact digit strings (NIK, family card number);
 * - `number`: exact numeric value, leading zeros ignored (RT, RW, postal code, region code parts);
 * - `date`: exact calendar date.
 * `lookupOnly` elements can be granted and shown but are not verifiable.
 */
export type ElementKind = 'text' | 'category' | 'digits' | 'number' | 'date';

export interface ElementDef {
  code: string;
  label: string; // Indonesian label users know
  kind: ElementKind;
  lookupOnly?: boolean;
  /** The stored value of this element, in canonical form (dates YYYY-MM-DD). */
  read: (r: ResidentRecord) => string | null;
}

const def = (
  code: string,
  label: string,
  kind: ElementKind,
  read: (r: ResidentRecord) => string | null,
  lookupOnly = false,
): ElementDef => ({ code, label, kind, read, ...(lookupOnly ? { lookupOnly } : {}) });

export const ELEMENTS = [
  def('NIK', 'NIK', 'digits', (r) => r.nik),
  def('NO_KK', 'Nomor KK', 'digits', (r) => r.familyCardNumber),
  def('NAMA_LGKP', 'Nama Lengkap', 'text', (r) => r.fullName),
  def('TMPT_LHR', 'Tempat Lahir', 'text', (r) => r.birthPlace),
  def('TGL_LHR', 'Tanggal Lahir', 'date', (r) => r.birthDate),
  def('JENIS_KLMIN', 'Jenis Kelamin', 'category', (r) => r.sex),
  def('GOL_DARAH', 'Golongan Darah', 'category', (r) => r.bloodType),
  def('AGAMA', 'Agama/Kepercayaan', 'category', (r) => r.religion),
  def('STATUS_KAWIN', 'Status Perkawinan', 'category', (r) => r.maritalStatus),
  def('STAT_HBKEL', 'Status Hubungan dalam Keluarga', 'category', (r) => r.familyRelationship),
  def('PDDK_AKH', 'Pendidikan Terakhir', 'category', (r) => r.education),
  def('JENIS_PKRJN', 'Jenis Pekerjaan', 'category', (r) => r.occupation),
  def('NIK_IBU', 'NIK Ibu Kandung', 'digits', (r) => r.motherNik),
  def('NAMA_LGKP_IBU', 'Nama Ibu Kandung', 'text', (r) => r.motherName),
  def('NIK_AYAH', 'NIK Ayah', 'digits', (r) => r.fatherNik),
  def('NAMA_LGKP_AYAH', 'Nama Ayah', 'text', (r) => r.fatherName),
  def('ALAMAT', 'Alamat', 'text', (r) => r.streetAddress),
  def('NO_RT', 'RT', 'number', (r) => r.rt),
  def('NO_RW', 'RW', 'number', (r) => r.rw),
  def('KODE_POS', 'Kode Pos', 'number', (r) => r.postalCode),
  // Region codes are given as their own part, as the wire format does: NO_PROP "33", NO_KAB "01",
  // NO_KEC "05", NO_KEL "2001" (the full code is the concatenation).
  def('NO_PROP', 'Kode Provinsi', 'number', (r) => r.provinceCode),
  def('PROP_NAME', 'Nama Provinsi', 'text', (r) => r.provinceName),
  def('NO_KAB', 'Kode Kabupaten/Kota', 'number', (r) => r.regencyCode.slice(2)),
  def('KAB_NAME', 'Nama Kabupaten/Kota', 'text', (r) => r.regencyName),
  def('NO_KEC', 'Kode Kecamatan', 'number', (r) => r.districtCode.slice(4)),
  def('KEC_NAME', 'Nama Kecamatan', 'text', (r) => r.districtName),
  def('NO_KEL', 'Kode Desa/Kelurahan', 'number', (r) => r.villageCode.slice(6)),
  def('KEL_NAME', 'Nama Desa/Kelurahan', 'text', (r) => r.villageName),
  def('EKTP_STATUS', 'Status KTP-el', 'category', (r) => r.ektpStatus, true),
] as const satisfies readonly ElementDef[];

export type ElementCode = (typeof ELEMENTS)[number]['code'];

export const ELEMENT_CODES = ELEMENTS.map((e) => e.code) as ElementCode[];
export const VERIFIABLE_CODES = ELEMENTS.filter((e: ElementDef) => !e.lookupOnly).map(
  (e) => e.code,
) as ElementCode[];

const byCode = new Map<string, ElementDef>(ELEMENTS.map((e) => [e.code, e]));

export function elementDef(code: ElementCode): ElementDef {
  return byCode.get(code)!;
}

export function isElementCode(code: string): code is ElementCode {
  return byCode.has(code);
}

/** The parts of "Alamat Sekarang" in the master list; granting the address means granting these. */
export const ADDRESS_ELEMENTS: readonly ElementCode[] = [
  'ALAMAT',
  'NO_RT',
  'NO_RW',
  'KODE_POS',
  'NO_PROP',
  'PROP_NAME',
  'NO_KAB',
  'KAB_NAME',
  'NO_KEC',
  'KEC_NAME',
  'NO_KEL',
  'KEL_NAME',
];

/**
 * The element set real agreements grant (domain.md): NO_KK, NIK, name, place and date of birth, sex,
 * marital status, occupation and the current address — nine elements, the address counted as one.
 */
export const TYPICAL_AGREEMENT_ELEMENTS: readonly ElementCode[] = [
  'NO_KK',
  'NIK',
  'NAMA_LGKP',
  'TMPT_LHR',
  'TGL_LHR',
  'JENIS_KLMIN',
  'STATUS_KAWIN',
  'JENIS_PKRJN',
  ...ADDRESS_ELEMENTS,
];

/** Only the granted elements of a record, in master-list order. Nothing else ever leaves the server. */
export function grantedValues(
  record: ResidentRecord,
  granted: ReadonlySet<string>,
): { code: ElementCode; value: string | null }[] {
  return ELEMENTS.filter((e) => granted.has(e.code)).map((e) => ({ code: e.code, value: e.read(record) }));
}

import type { Sex } from '../nik/nik.ts';

export type RecordStatus = 'active' | 'deceased' | 'duplicate' | 'inactive';
export const RECORD_STATUSES: readonly RecordStatus[] = ['active', 'deceased', 'duplicate', 'inactive'];

/** One row of the `residents` table, as written by the generator and the CSV import. */
export interface ResidentRow {
  nik: string;
  familyCardNumber: string;
  fullName: string;
  birthPlace: string;
  birthDate: string; // YYYY-MM-DD
  sex: Sex;
  bloodType: string;
  religion: string;
  maritalStatus: string;
  familyRelationship: string;
  education: string;
  occupation: string;
  motherNik: string | null;
  motherName: string;
  fatherNik: string | null;
  fatherName: string;
  streetAddress: string;
  rt: string; // 3 digits
  rw: string; // 3 digits
  postalCode: string; // 5 digits
  villageCode: string; // 10 plain digits
  ektpStatus: string;
  recordStatus: RecordStatus;
}

/** The `residents` columns in table order: name, the row field, and the type (for `unnest` and COPY). */
export const RESIDENT_COLUMNS: readonly (readonly [string, keyof ResidentRow, 'text' | 'date'])[] = [
  ['nik', 'nik', 'text'],
  ['family_card_number', 'familyCardNumber', 'text'],
  ['full_name', 'fullName', 'text'],
  ['birth_place', 'birthPlace', 'text'],
  ['birth_date', 'birthDate', 'date'],
  ['sex', 'sex', 'text'],
  ['blood_type', 'bloodType', 'text'],
  ['religion', 'religion', 'text'],
  ['marital_status', 'maritalStatus', 'text'],
  ['family_relationship', 'familyRelationship', 'text'],
  ['education', 'education', 'text'],
  ['occupation', 'occupation', 'text'],
  ['mother_nik', 'motherNik', 'text'],
  ['mother_name', 'motherName', 'text'],
  ['father_nik', 'fatherNik', 'text'],
  ['father_name', 'fatherName', 'text'],
  ['street_address', 'streetAddress', 'text'],
  ['rt', 'rt', 'text'],
  ['rw', 'rw', 'text'],
  ['postal_code', 'postalCode', 'text'],
  ['village_code', 'villageCode', 'text'],
  ['ektp_status', 'ektpStatus', 'text'],
  ['record_status', 'recordStatus', 'text'],
];

/** A resident as read for an answer: the row plus the names and codes of its address regions. */
export interface ResidentRecord extends ResidentRow {
  provinceCode: string;
  provinceName: string;
  regencyCode: string;
  regencyName: string;
  districtCode: string;
  districtName: string;
  villageName: string;
}

/** The registry's own value lists (as the population database writes them). */
export const VALUE_LISTS = {
  bloodType: ['A', 'B', 'AB', 'O', 'A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-', 'TIDAK TAHU'],
  religion: ['ISLAM', 'KRISTEN', 'KATHOLIK', 'HINDU', 'BUDHA', 'KHONGHUCU', 'KEPERCAYAAN TERHADAP TUHAN YME'],
  maritalStatus: ['BELUM KAWIN', 'KAWIN', 'CERAI HIDUP', 'CERAI MATI'],
  familyRelationship: [
    'KEPALA KELUARGA',
    'SUAMI',
    'ISTRI',
    'ANAK',
    'MENANTU',
    'CUCU',
    'ORANG TUA',
    'MERTUA',
    'FAMILI LAIN',
    'PEMBANTU',
    'LAINNYA',
  ],
  education: [
    'TIDAK/BELUM SEKOLAH',
    'BELUM TAMAT SD/SEDERAJAT',
    'TAMAT SD/SEDERAJAT',
    'SLTP/SEDERAJAT',
    'SLTA/SEDERAJAT',
    'DIPLOMA I/II',
    'AKADEMI/DIPLOMA III/S. MUDA',
    'DIPLOMA IV/STRATA I',
    'STRATA II',
    'STRATA III',
  ],
  ektpStatus: ['KTP-EL', 'BELUM REKAM', 'SUDAH REKAM'],
} as const;

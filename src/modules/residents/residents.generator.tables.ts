import { id_ID } from '@faker-js/faker';

/**
 * The value tables of the synthetic population (see residents.generator.ts): Indonesian names, street and
 * hamlet names, approximate population, postal prefixes and religious composition by province, and the
 * registry's value distributions.
 */

const upper = (list: readonly string[] | undefined) => (list ?? []).map((n) => n.toUpperCase());
export const MALE_FIRST = upper(id_ID.person?.first_name?.male);
export const FEMALE_FIRST = upper(id_ID.person?.first_name?.female);
export const MALE_LAST = upper(id_ID.person?.last_name?.male);
export const FEMALE_LAST = upper(id_ID.person?.last_name?.female);
if (!MALE_FIRST.length || !FEMALE_FIRST.length || !MALE_LAST.length || !FEMALE_LAST.length)
  throw new Error('faker id_ID name lists are missing');
/** Balinese birth-order names, put before the given name in Bali. */
export const BALI_ORDER = ['WAYAN', 'PUTU', 'GEDE', 'MADE', 'KADEK', 'NENGAH', 'NYOMAN', 'KOMANG', 'KETUT'];

export const STREETS = [
  'MELATI',
  'MAWAR',
  'KENANGA',
  'ANGGREK',
  'CEMPAKA',
  'DAHLIA',
  'FLAMBOYAN',
  'SUDIRMAN',
  'DIPONEGORO',
  'GATOT SUBROTO',
  'AHMAD YANI',
  'PAHLAWAN',
  'MERDEKA',
  'SUKUN',
  'BERINGIN',
  'NANGKA',
  'RAMBUTAN',
  'KARTINI',
  'IMAM BONJOL',
  'HASANUDDIN',
  'CUT NYAK DHIEN',
  'PATTIMURA',
  'MANGGA',
  'KELAPA',
];
export const HAMLETS = [
  'KRAJAN',
  'SUKAMAJU',
  'SIDOMULYO',
  'TEGALSARI',
  'KARANGANYAR',
  'SUMBERREJO',
  'PANDANSARI',
  'WATES',
  'MEKARSARI',
  'SUKARAME',
  'TANJUNG',
  'SIDOREJO',
];

export type Weights = readonly (readonly [string, number])[];

/** Approximate population per province (millions), so villages are drawn where people live. */
export const PROVINCE_POPULATION: Record<string, number> = {
  '11': 5.5,
  '12': 15.4,
  '13': 5.8,
  '14': 6.7,
  '15': 3.7,
  '16': 8.8,
  '17': 2.1,
  '18': 9.4,
  '19': 1.5,
  '21': 2.2,
  '31': 10.7,
  '32': 50,
  '33': 37.9,
  '34': 3.7,
  '35': 41.6,
  '36': 12.4,
  '51': 4.4,
  '52': 5.6,
  '53': 5.6,
  '61': 5.6,
  '62': 2.8,
  '63': 4.2,
  '64': 4,
  '65': 0.7,
  '71': 2.7,
  '72': 3.1,
  '73': 9.4,
  '74': 2.8,
  '75': 1.2,
  '76': 1.5,
  '81': 1.9,
  '82': 1.3,
  '91': 1.1,
  '92': 0.6,
  '93': 0.5,
  '94': 1.4,
  '95': 1.5,
  '96': 0.6,
};

/** First two digits of postal codes by province (approximate ranges of Pos Indonesia). */
export const POSTAL_PREFIX: Record<string, string> = {
  '11': '23',
  '12': '20',
  '13': '25',
  '14': '28',
  '15': '36',
  '16': '30',
  '17': '38',
  '18': '34',
  '19': '33',
  '21': '29',
  '31': '10',
  '32': '40',
  '33': '50',
  '34': '55',
  '35': '60',
  '36': '15',
  '51': '80',
  '52': '83',
  '53': '85',
  '61': '78',
  '62': '73',
  '63': '70',
  '64': '75',
  '65': '77',
  '71': '95',
  '72': '94',
  '73': '90',
  '74': '93',
  '75': '96',
  '76': '91',
  '81': '97',
  '82': '97',
};

const [ISLAM, KRISTEN, KATHOLIK, HINDU, BUDHA, KHONGHUCU, KEPERCAYAAN] = [
  'ISLAM',
  'KRISTEN',
  'KATHOLIK',
  'HINDU',
  'BUDHA',
  'KHONGHUCU',
  'KEPERCAYAAN TERHADAP TUHAN YME',
] as const;
export const RELIGION_DEFAULT: Weights = [
  [ISLAM, 94],
  [KRISTEN, 3],
  [KATHOLIK, 1.5],
  [HINDU, 0.6],
  [BUDHA, 0.7],
  [KHONGHUCU, 0.05],
  [KEPERCAYAAN, 0.1],
];
const PAPUA: Weights = [
  [KRISTEN, 64],
  [KATHOLIK, 18],
  [ISLAM, 17.5],
  [HINDU, 0.2],
  [BUDHA, 0.1],
];
/** Approximate religious composition where it differs markedly from the national one. */
export const RELIGION_BY_PROVINCE: Record<string, Weights> = {
  '11': [
    [ISLAM, 98.5],
    [KRISTEN, 1.2],
    [BUDHA, 0.2],
  ],
  '12': [
    [ISLAM, 64],
    [KRISTEN, 27],
    [KATHOLIK, 6],
    [BUDHA, 2.5],
    [HINDU, 0.1],
    [KEPERCAYAAN, 0.1],
  ],
  '21': [
    [ISLAM, 78],
    [KRISTEN, 10],
    [BUDHA, 7],
    [KATHOLIK, 3],
    [KHONGHUCU, 0.5],
  ],
  '31': [
    [ISLAM, 84],
    [KRISTEN, 8],
    [KATHOLIK, 4],
    [BUDHA, 3.5],
    [HINDU, 0.2],
    [KHONGHUCU, 0.1],
  ],
  '51': [
    [HINDU, 86],
    [ISLAM, 10],
    [KRISTEN, 2],
    [KATHOLIK, 1],
    [BUDHA, 0.5],
  ],
  '53': [
    [KATHOLIK, 53],
    [KRISTEN, 36],
    [ISLAM, 10],
    [HINDU, 0.2],
    [KEPERCAYAAN, 0.5],
  ],
  '61': [
    [ISLAM, 60],
    [KATHOLIK, 22],
    [KRISTEN, 12],
    [BUDHA, 5],
    [KHONGHUCU, 1],
  ],
  '62': [
    [ISLAM, 74],
    [KRISTEN, 17],
    [HINDU, 5],
    [KATHOLIK, 3],
  ],
  '71': [
    [KRISTEN, 63],
    [ISLAM, 31],
    [KATHOLIK, 4.5],
    [HINDU, 0.5],
  ],
  '81': [
    [ISLAM, 52],
    [KRISTEN, 40],
    [KATHOLIK, 7],
  ],
  '82': [
    [ISLAM, 75],
    [KRISTEN, 24],
    [KATHOLIK, 1],
  ],
  '91': PAPUA,
  '92': PAPUA,
  '93': PAPUA,
  '94': PAPUA,
  '95': PAPUA,
  '96': PAPUA,
};

// Most registry records say TIDAK TAHU: blood type is rarely declared.
export const BLOOD_TYPES: Weights = [
  ['TIDAK TAHU', 55],
  ['O', 14],
  ['B', 11],
  ['A', 9],
  ['AB', 3],
  ['O+', 3],
  ['B+', 2],
  ['A+', 2],
  ['AB+', 0.5],
  ['O-', 0.1],
  ['A-', 0.1],
  ['B-', 0.1],
  ['AB-', 0.05],
];
export const EDUCATION_OLDER: Weights = [
  ['TIDAK/BELUM SEKOLAH', 12],
  ['BELUM TAMAT SD/SEDERAJAT', 15],
  ['TAMAT SD/SEDERAJAT', 38],
  ['SLTP/SEDERAJAT', 13],
  ['SLTA/SEDERAJAT', 15],
  ['DIPLOMA I/II', 1],
  ['AKADEMI/DIPLOMA III/S. MUDA', 1.5],
  ['DIPLOMA IV/STRATA I', 4],
  ['STRATA II', 0.4],
  ['STRATA III', 0.1],
];
export const EDUCATION_YOUNGER: Weights = [
  ['TIDAK/BELUM SEKOLAH', 2],
  ['BELUM TAMAT SD/SEDERAJAT', 4],
  ['TAMAT SD/SEDERAJAT', 20],
  ['SLTP/SEDERAJAT', 22],
  ['SLTA/SEDERAJAT', 36],
  ['DIPLOMA I/II', 2],
  ['AKADEMI/DIPLOMA III/S. MUDA', 3],
  ['DIPLOMA IV/STRATA I', 9.5],
  ['STRATA II', 1.2],
  ['STRATA III', 0.3],
];
/** Education from D-I up, which opens professional occupations. */
export const HIGHER = new Set([
  'DIPLOMA I/II',
  'AKADEMI/DIPLOMA III/S. MUDA',
  'DIPLOMA IV/STRATA I',
  'STRATA II',
  'STRATA III',
]);
export const WORK_GENERAL: Weights = [
  ['PETANI/PEKEBUN', 22],
  ['WIRASWASTA', 18],
  ['KARYAWAN SWASTA', 16],
  ['BURUH HARIAN LEPAS', 10],
  ['PEDAGANG', 8],
  ['BURUH TANI/PERKEBUNAN', 6],
  ['NELAYAN/PERIKANAN', 3],
  ['SOPIR', 3],
  ['TUKANG BATU', 2],
  ['TUKANG KAYU', 2],
  ['PETERNAK', 1.5],
  ['MEKANIK', 1.5],
  ['KARYAWAN HONORER', 2],
  ['PERANGKAT DESA', 1],
];
export const WORK_HIGHER: Weights = [
  ['KARYAWAN SWASTA', 26],
  ['PEGAWAI NEGERI SIPIL (PNS)', 18],
  ['GURU', 14],
  ['WIRASWASTA', 12],
  ['KARYAWAN BUMN', 5],
  ['KARYAWAN HONORER', 5],
  ['PERAWAT', 4],
  ['BIDAN', 2],
  ['DOSEN', 2],
  ['DOKTER', 1.5],
  ['TENTARA NASIONAL INDONESIA (TNI)', 2],
  ['KEPOLISIAN RI (POLRI)', 2],
  ['PEDAGANG', 3],
];

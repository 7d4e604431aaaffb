/**
 * The one table of access outcomes. Each domain outcome maps to the v1 HTTP status and code, to the wire
 * RESPONSE_CODE and RESPON text, and carries the Indonesian message the portal shows. The audit stores the
 * outcome name.
 *
 * `respon` is what existing clients compare character for character (docs/wire-evidence.md names the client,
 * file and line for each matched text: "Login Gagal", "IP Address Tidak Sesuai", "IP Client  Tidak terdaftar"
 * with two spaces, "Kuota Akses Hari ini telah Habis", "Data Tidak Ditemukan"); `message` is the portal's
 * Juknis wording and is never sent on the wire.
 *
 * `answered` outcomes are business answers about a NIK (a hit was taken, HTTP 200 in v1 with the outcome in
 * the body); the others refuse the caller or the request (v1 error body with the HTTP status given).
 */
export const OUTCOMES = {
  found: { http: 200, code: 'FOUND', wire: '01', respon: null, answered: true, message: 'Data ditemukan' },
  credentials_missing: {
    http: 401,
    code: 'CREDENTIALS_MISSING',
    wire: '09',
    respon: 'User ID, Password atau IP kosong',
    answered: false,
    message: 'User ID, password atau IP kosong',
  },
  login_failed: {
    http: 401,
    code: 'LOGIN_FAILED',
    wire: '03',
    respon: 'Login Gagal',
    answered: false,
    message: 'Gagal login: user ID atau password salah',
  },
  // An officer's account is not an institution's user ID; the wire format knows only a failed login.
  not_an_operator: {
    http: 403,
    code: 'NOT_AN_OPERATOR',
    wire: '03',
    respon: 'Login Gagal',
    answered: false,
    message: 'Akun ini bukan user ID operator instansi',
  },
  ip_user_mismatch: {
    http: 403,
    code: 'IP_USER_MISMATCH',
    wire: '04',
    respon: 'IP Address Tidak Sesuai',
    answered: false,
    message: 'IP_USER tidak sama dengan alamat pemanggil',
  },
  network_not_allowed: {
    http: 403,
    code: 'NETWORK_NOT_ALLOWED',
    wire: '10',
    respon: 'IP Client  Tidak terdaftar',
    answered: false,
    message: 'Alamat pemanggil tidak terdaftar pada jaringan instansi',
  },
  institution_inactive: {
    http: 403,
    code: 'INSTITUTION_INACTIVE',
    wire: '16',
    respon: 'Instansi tidak aktif',
    answered: false,
    message: 'Instansi tidak aktif',
  },
  account_inactive: {
    http: 403,
    code: 'ACCOUNT_INACTIVE',
    wire: '17',
    respon: 'User ID non aktif, silahkan menghubungi Admin',
    answered: false,
    message: 'User ID non aktif, silahkan menghubungi Admin',
  },
  // An account issued with a one-time password (a user-ID request) has not chosen its own yet: no data until
  // it has (POST /v1/auth/password). The wire format knows only a failed login for an unusable password.
  password_change_required: {
    http: 403,
    code: 'PASSWORD_CHANGE_REQUIRED',
    wire: '03',
    respon: 'Login Gagal',
    answered: false,
    message: 'Password sekali pakai harus diganti terlebih dahulu',
  },
  // The wire format has no code of its own for these two, so they keep 16 (clients that branch on codes, e.g.
  // pivot-backoffice, read 16 as "access not set up") but RESPON says what is true.
  agreement_not_in_force: {
    http: 403,
    code: 'AGREEMENT_NOT_IN_FORCE',
    wire: '16',
    respon: 'Perjanjian kerja sama tidak berlaku',
    answered: false,
    message: 'Tidak ada perjanjian kerja sama yang berlaku hari ini',
  },
  method_not_granted: {
    http: 403,
    code: 'METHOD_NOT_GRANTED',
    wire: '16',
    respon: 'Metode akses tidak diberikan',
    answered: false,
    message: 'Metode akses ini tidak diberikan oleh perjanjian kerja sama',
  },
  // Ours (23; 22 is the fees' and 24–27 the card readers'): the purpose stated (v1 `purpose`, wire `TUJUAN`)
  // is not one the agreement grants. 403 like method_not_granted: the caller is not permitted this use, the
  // request itself is well formed (a malformed purpose is 400 / 07).
  purpose_not_granted: {
    http: 403,
    code: 'PURPOSE_NOT_GRANTED',
    wire: '23',
    respon: 'Tujuan penggunaan data tidak diberikan oleh perjanjian kerja sama',
    answered: false,
    message: 'Tujuan penggunaan data ini tidak diberikan oleh perjanjian kerja sama',
  },
  // The gates (governance): no SPTJM of the head → the institution is not open (16); no NDA of the operator →
  // the user ID is not open (17).
  responsibility_statement_missing: {
    http: 403,
    code: 'RESPONSIBILITY_STATEMENT_MISSING',
    wire: '16',
    respon: 'SPTJM kepala instansi belum tercatat',
    answered: false,
    message: 'SPTJM kepala instansi belum tercatat',
  },
  nda_missing: {
    http: 403,
    code: 'NDA_MISSING',
    wire: '17',
    respon: 'User ID belum aktif: NDA operator belum tercatat',
    answered: false,
    message: 'NDA operator belum tercatat',
  },
  outside_allowed_hours: {
    http: 403,
    code: 'OUTSIDE_ALLOWED_HOURS',
    wire: '06',
    respon: 'Akses di luar jam yang diizinkan',
    answered: false,
    message: 'Akses di luar jam yang diizinkan',
  },
  invalid_request: {
    http: 400,
    code: 'INVALID_REQUEST',
    wire: '07',
    respon: 'Parameter Tidak Lengkap',
    answered: false,
    message: 'Parameter tidak lengkap atau tidak valid',
  },
  nik_unprocessable: {
    http: 400,
    code: 'NIK_UNPROCESSABLE',
    wire: '08',
    respon: 'NIK tidak dapat diproses',
    answered: false,
    message: 'NIK tidak dapat diproses',
  },
  quota_exhausted: {
    http: 429,
    code: 'QUOTA_EXHAUSTED',
    wire: '05',
    respon: 'Kuota Akses Hari ini telah Habis',
    answered: false,
    message: 'Kuota akses hari ini telah habis',
  },
  // Ours (dukcapil-wire.md leaves 02 and 18+ unused): codes 18–20 are Gerbang's, for misuse and replays.
  throttled: {
    http: 429,
    code: 'THROTTLED',
    wire: '18',
    respon: 'Akses dibatasi sementara: pola penggunaan NIK tidak wajar',
    answered: false,
    message:
      'Akses dibatasi sementara: pola penggunaan NIK tidak wajar (berurutan, berpola atau terlalu cepat)',
  },
  replayed_request: {
    http: 409,
    code: 'REPLAYED_REQUEST',
    wire: '19',
    respon: 'Permintaan ditolak: REQUEST_ID sudah pernah dipakai',
    answered: false,
    message: 'Permintaan ditolak: ID permintaan klien sudah pernah dipakai',
  },
  stale_timestamp: {
    http: 400,
    code: 'STALE_TIMESTAMP',
    wire: '20',
    respon: 'Permintaan ditolak: TIMESTAMP di luar batas waktu yang diizinkan',
    answered: false,
    message: 'Permintaan ditolak: waktu permintaan klien tidak terbaca atau di luar batas yang diizinkan',
  },
  // Ours too (21): the database is out of reach, so nothing can be read or audited; the wire format has no
  // code for a service that is down. Never audited (the audit is in the database); try again shortly.
  database_unavailable: {
    http: 503,
    code: 'DATABASE_UNAVAILABLE',
    wire: '21',
    respon: 'Layanan sementara tidak tersedia, silakan coba lagi',
    answered: false,
    message: 'Layanan sementara tidak tersedia (basis data tidak terjangkau), silakan coba lagi',
  },
  // Ours too (22): a profit-oriented institution's prepaid balance cannot pay the tariff of this access (PP
  // 10/2023). Audited; no hit is taken and nothing is charged; a deposit opens access again.
  balance_exhausted: {
    http: 402,
    code: 'BALANCE_EXHAUSTED',
    wire: '22',
    respon: 'Saldo deposit PNBP tidak mencukupi',
    answered: false,
    message: 'Saldo deposit PNBP instansi tidak mencukupi untuk tarif akses ini; silakan melakukan deposit',
  },
  // Ours (24–27): the card-reader path (POST /v1/card-reads), which no wire client uses; v1 in spirit.
  sam_not_active: {
    http: 403,
    code: 'SAM_NOT_ACTIVE',
    wire: '24',
    respon: 'Kartu SAM tidak aktif',
    answered: false,
    message: 'Kartu SAM tidak aktif atau bukan milik card reader ini',
  },
  card_signature_invalid: {
    http: 403,
    code: 'CARD_SIGNATURE_INVALID',
    wire: '25',
    respon: 'Tanda tangan kartu SAM tidak sah',
    answered: false,
    message: 'Tanda tangan kartu SAM tidak sah',
  },
  card_read_replayed: {
    http: 409,
    code: 'CARD_READ_REPLAYED',
    wire: '26',
    respon: 'Pembacaan kartu ditolak: nonce sudah pernah dipakai',
    answered: false,
    message: 'Pembacaan kartu ditolak: nonce sudah pernah dipakai',
  },
  card_read_stale: {
    http: 400,
    code: 'CARD_READ_STALE',
    wire: '27',
    respon: 'Pembacaan kartu ditolak: waktu di luar batas yang diizinkan',
    answered: false,
    message: 'Pembacaan kartu ditolak: waktu pembacaan di luar batas yang diizinkan',
  },
  nik_invalid_format: {
    http: 200,
    code: 'NIK_INVALID_FORMAT',
    wire: '15',
    // SIMRS-Khanza recognises a missing record only by this exact text; the code (15) keeps the reason.
    respon: 'Data Tidak Ditemukan',
    answered: true,
    message: 'Data tidak ditemukan, NIK tidak sesuai format Dukcapil',
  },
  not_found: {
    http: 200,
    code: 'NOT_FOUND',
    wire: '13',
    respon: 'Data Tidak Ditemukan',
    answered: true,
    message: 'Data tidak ditemukan, NIK tidak terdapat di database kependudukan',
  },
  deceased: {
    http: 200,
    code: 'DECEASED',
    wire: '11',
    respon: 'Data Ditemukan, Meninggal Dunia',
    answered: true,
    message: 'Data ditemukan, meninggal dunia',
  },
  duplicate: {
    http: 200,
    code: 'DUPLICATE',
    wire: '12',
    respon: 'Data Ditemukan, Data Ganda',
    answered: true,
    message: 'Data ditemukan, data ganda',
  },
  inactive: {
    http: 200,
    code: 'INACTIVE',
    wire: '14',
    respon: 'Data Ditemukan, Status Non Aktif silahkan hubungi Dinas Dukcapil',
    answered: true,
    message: 'Data ditemukan, status non aktif, silahkan hubungi Dinas Dukcapil',
  },
} as const satisfies Record<
  string,
  { http: number; code: string; wire: string; respon: string | null; answered: boolean; message: string }
>;

export type Outcome = keyof typeof OUTCOMES;
export const OUTCOME_NAMES = Object.keys(OUTCOMES) as Outcome[];
/** The outcomes answered about a NIK in v1 (HTTP 200 with `outcome` in the body). */
export type AnsweredOutcome = {
  [K in Outcome]: (typeof OUTCOMES)[K]['answered'] extends true ? K : never;
}[Outcome];

/** The outcomes that took a hit of the daily quota: every answer about a NIK (see README, "what counts"). */
export const HIT_OUTCOMES: readonly Outcome[] = OUTCOME_NAMES.filter((o) => OUTCOMES[o].answered);

/**
 * The outcomes that are charged under PP 10/2023 (the one rule for charging, statements, reports and bills):
 * an answer drawn from the population data about a NIK in Dukcapil format — found, not found, deceased,
 * duplicate, inactive. Not charged: a NIK refused for its format by Gerbang itself (nik_invalid_format; the
 * registry is not consulted), and every refusal of the caller or the request (no hit is taken).
 */
export const CHARGEABLE_OUTCOMES: readonly Outcome[] = HIT_OUTCOMES.filter((o) => o !== 'nik_invalid_format');

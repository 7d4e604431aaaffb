/**
 * The specific error codes (issue #18): a refusal the caller can act on has its own code instead of prose
 * under the generic `CONFLICT` (409) or `VALIDATION_FAILED` (400). One entry per code:
 *
 * - `status`: its HTTP status, the generic class's (409 or 400), so a client that knows only the class, and
 *   the wire protocol (which maps by status and outcome, modules/wire), see no difference;
 * - `id`, `en`: what the portal shows, Bahasa Indonesia and English — the portal's dictionaries take them
 *   from here (portal/src/locales/common.ts), so a code cannot lack its words;
 * - `on`: the operations that can answer it (`METHOD /path` as the OpenAPI document spells the path); the
 *   document lists the code under each (http/openapi.ts), and openapi.test.ts fails on an entry that names no
 *   operation.
 *
 * The server's `message` is `en` unless the throw site passes its own (the specifics: a state, a date, a
 * number); `ApiError.of(code)` without a message takes `en`.
 */
export interface SpecificError {
  status: 400 | 409;
  id: string;
  en: string;
  on: readonly string[];
}

/** The operations that take a document (base64 in JSON) and check it with documents.upload.ts. */
const UPLOAD_OPERATIONS = [
  'POST /v1/central-mous',
  'POST /v1/institutions/{id}/certificates',
  'POST /v1/institutions/{id}/responsibility-statement',
  'POST /v1/accounts/{id}/nda',
  'POST /v1/network-provisions/{id}/documents/{kind}',
  'POST /v1/institutions/{id}/officeholder-changes',
  'POST /v1/semester-reports/manual',
];

export const ERROR_CODES = {
  // applications
  // The MoU rule: the institution's vertical central body holds an MoU in force (central-mous module).
  APPLICATION_COVERED_BY_MOU: {
    status: 409,
    id: 'Permohonan ditolak: instansi vertikal pusat Anda memiliki MoU dengan Ditjen Dukcapil yang masih berlaku, sehingga instansi tingkat kabupaten/kota tidak membuat PKS sendiri.',
    en: 'Application refused: your vertical central body holds an MoU with Ditjen Dukcapil in force, so a city/regency-level institution does not make its own PKS.',
    on: ['POST /v1/applications'],
  },
  APPLICATION_PERIOD_PAST: {
    status: 400,
    id: 'Tanggal akhir masa berlaku yang dimohon harus setelah hari ini.',
    en: 'The requested period must end after today.',
    on: ['POST /v1/applications'],
  },
  APPLICATION_NOT_SUBMITTED: {
    status: 409,
    id: 'Permohonan ini sudah diteruskan atau diputus; hanya permohonan yang baru diajukan yang diteruskan.',
    en: 'This application has been forwarded or decided already; only a submitted one is forwarded.',
    on: ['POST /v1/applications/{id}/forward'],
  },
  APPLICATION_NOT_FORWARDED: {
    status: 409,
    id: 'Permohonan ini belum diteruskan oleh Dinas Dukcapil atau sudah diputus.',
    en: 'This application has not been forwarded by the registry office, or is decided already.',
    on: ['POST /v1/applications/{id}/approve', 'POST /v1/applications/{id}/reject'],
  },

  // agreements (PKS) and their lifecycle
  AGREEMENT_APPLICATION_NOT_APPROVED: {
    status: 409,
    id: 'PKS dibuat dari permohonan yang sudah disetujui.',
    en: 'An agreement is made from an approved application.',
    on: ['POST /v1/applications/{id}/agreement'],
  },
  AGREEMENT_BEYOND_APPROVAL: {
    status: 400,
    id: 'Elemen data atau metode akses di luar yang disetujui dalam permohonan.',
    en: 'Data elements or access methods beyond what the application approved.',
    on: ['POST /v1/applications/{id}/agreement'],
  },
  AGREEMENT_SIGNED_IN_FUTURE: {
    status: 400,
    id: 'Tanggal penandatanganan tidak boleh setelah hari ini.',
    en: 'The signing date is in the future.',
    on: ['POST /v1/agreements/{id}/sign'],
  },
  AGREEMENT_ENDS_BEFORE_SIGNING: {
    status: 400,
    id: 'Masa berlaku PKS berakhir sebelum tanggal penandatanganan.',
    en: 'The agreement period ends before the signing date.',
    on: ['POST /v1/agreements/{id}/sign'],
  },
  AGREEMENT_NOT_BEGUN: {
    status: 409,
    id: 'Masa berlaku PKS belum dimulai.',
    en: 'The agreement period has not begun.',
    on: ['POST /v1/agreements/{id}/activate'],
  },
  AGREEMENT_ENDS_BEFORE_START: {
    status: 400,
    id: 'Tanggal akhir sebelum tanggal mulai PKS.',
    en: 'The end date is before the start of the agreement.',
    on: ['POST /v1/agreements/{id}/amendments'],
  },
  AGREEMENT_STATE: {
    status: 409,
    id: 'Status PKS tidak memungkinkan tindakan ini.',
    en: 'The agreement’s status does not allow this.',
    on: [
      'POST /v1/agreements/{id}/sign',
      'POST /v1/agreements/{id}/activate',
      'POST /v1/agreements/{id}/amendments',
      'POST /v1/agreements/{id}/extension-requests/{requestId}/decision',
      'POST /v1/agreements/{id}/terminate',
      'POST /v1/agreements/{id}/revoke',
    ],
  },
  AGREEMENT_NOT_EXTENDABLE: {
    status: 409,
    id: 'Hanya PKS yang sudah ditandatangani atau masih berlaku yang dapat diperpanjang.',
    en: 'Only a signed agreement or one in force is extended.',
    on: ['POST /v1/agreements/{id}/extension-requests'],
  },
  EXTENSION_TOO_LATE: {
    status: 409,
    id: 'Perpanjangan diajukan paling lambat 2 bulan sebelum PKS berakhir.',
    en: 'An extension is requested at the latest 2 months before the agreement ends.',
    on: ['POST /v1/agreements/{id}/extension-requests'],
  },
  EXTENSION_NOT_LATER: {
    status: 400,
    id: 'Tanggal akhir yang baru harus setelah tanggal akhir PKS.',
    en: 'The new end date must be after the agreement’s end.',
    on: ['POST /v1/agreements/{id}/extension-requests'],
  },
  EXTENSION_DECIDED: {
    status: 409,
    id: 'Permohonan perpanjangan ini sudah diputus.',
    en: 'This extension request is decided already.',
    on: ['POST /v1/agreements/{id}/extension-requests/{requestId}/decision'],
  },

  // offices, institutions, accounts
  OFFICE_CENTRAL_REGION: {
    status: 400,
    id: 'Ditjen Dukcapil (kantor pusat) tidak memiliki kode wilayah.',
    en: 'The central office has no region code.',
    on: ['POST /v1/offices'],
  },
  OFFICE_CENTRAL_EXISTS: {
    status: 409,
    id: 'Kantor pusat sudah ada.',
    en: 'The central office exists already.',
    on: ['POST /v1/offices'],
  },
  OFFICE_CENTRAL_FIRST: {
    status: 400,
    id: 'Buat kantor pusat terlebih dahulu.',
    en: 'Create the central office first.',
    on: ['POST /v1/offices'],
  },
  OFFICE_REGION_UNKNOWN: {
    status: 400,
    id: 'Kode wilayah bukan provinsi atau kabupaten/kota yang ada.',
    en: 'The region code is not an existing province or regency/city.',
    on: ['POST /v1/offices'],
  },
  OFFICE_REGION_LEVEL: {
    status: 400,
    id: 'Tingkat kantor tidak sesuai dengan wilayahnya (kabupaten atau kota).',
    en: 'The office’s level does not fit its region (regency or city).',
    on: ['POST /v1/offices'],
  },
  OFFICE_REGION_TAKEN: {
    status: 409,
    id: 'Wilayah itu sudah memiliki Dinas Dukcapil.',
    en: 'That region has an office already.',
    on: ['POST /v1/offices'],
  },
  OFFICE_PARENT_UNKNOWN: {
    status: 400,
    id: 'Kantor induk tidak ditemukan.',
    en: 'The parent office does not exist.',
    on: ['POST /v1/offices'],
  },
  OFFICE_PARENT_OUTSIDE: {
    status: 400,
    id: 'Kantor induk harus kantor pusat atau kantor yang wilayahnya mencakup kantor ini.',
    en: 'The parent office must be the central office or one whose region holds this one.',
    on: ['POST /v1/offices'],
  },
  OFFICE_UNKNOWN: {
    status: 400,
    id: 'Dinas Dukcapil tidak ditemukan di wilayah Anda.',
    en: 'No such office in your area.',
    on: ['POST /v1/institutions', 'POST /v1/accounts'],
  },

  // fees (PNBP)
  TARIFF_IN_PAST: {
    status: 400,
    id: 'Tarif berlaku mulai hari ini atau sesudahnya, tidak pernah surut.',
    en: 'A tariff takes effect today or later, never in the past.',
    on: ['POST /v1/fees/tariffs'],
  },
  PAYMENT_DATE_IN_FUTURE: {
    status: 400,
    id: 'Tanggal pembayaran tidak boleh setelah hari ini.',
    en: 'The payment date is in the future.',
    on: ['POST /v1/fees/institutions/{id}/deposits'],
  },
  DEPOSIT_NOT_PROFIT_ORIENTED: {
    status: 409,
    id: 'Hanya instansi berorientasi profit yang memiliki saldo deposit.',
    en: 'Only a profit-oriented institution holds a prepaid balance.',
    on: ['POST /v1/fees/institutions/{id}/deposits'],
  },
  PAYMENT_REFERENCE_TAKEN: {
    status: 409,
    id: 'Nomor referensi pembayaran itu sudah tercatat.',
    en: 'That payment reference is recorded already.',
    on: ['POST /v1/fees/institutions/{id}/deposits'],
  },

  // return data
  RETURN_DATA_FILE_REFUSED: {
    status: 400,
    id: 'Seluruh berkas ditolak; masalahnya tercantum pada rincian.',
    en: 'The whole file is refused; the details name its problems.',
    on: ['POST /v1/return-data/uploads'],
  },
  UPLOAD_UNREADABLE: {
    status: 400,
    id: 'Berkas yang dikirim tidak terbaca. Pilih berkas lalu kirim lagi.',
    en: 'The upload cannot be read. Choose the file and send it again.',
    on: ['POST /v1/return-data/uploads'],
  },
  UPLOAD_NO_FILE: {
    status: 400,
    id: 'Tidak ada berkas yang dikirim.',
    en: 'No file was sent.',
    on: ['POST /v1/return-data/uploads'],
  },

  // documents (an upload as base64 in JSON, documents.upload.ts)
  FILE_NOT_BASE64: {
    status: 400,
    id: 'Berkas tidak terkirim utuh (bukan base64). Pilih berkas lalu kirim lagi.',
    en: 'The file did not arrive whole (not base64). Choose it and send it again.',
    on: [...UPLOAD_OPERATIONS, 'POST /v1/sams/{id}/configuration'],
  },
  FILE_NOT_OF_TYPE: {
    status: 400,
    id: 'Isi berkas tidak sesuai jenisnya (PDF, PNG atau JPEG).',
    en: 'The file’s content does not match its type (PDF, PNG or JPEG).',
    on: UPLOAD_OPERATIONS,
  },

  // card readers and SAM cards
  WORK_UNIT_REGION_UNKNOWN: {
    status: 400,
    id: 'Kode wilayah tidak dikenal.',
    en: 'Unknown region code.',
    on: ['POST /v1/institutions/{id}/work-units'],
  },
  READER_PROCURED_IN_FUTURE: {
    status: 400,
    id: 'Tanggal pengadaan tidak boleh setelah hari ini.',
    en: 'The procurement date is in the future.',
    on: ['POST /v1/work-units/{id}/card-readers'],
  },
  READER_SERIAL_TAKEN: {
    status: 409,
    id: 'Card reader dengan nomor seri itu sudah terdaftar.',
    en: 'A reader with that serial number is registered already.',
    on: ['POST /v1/work-units/{id}/card-readers'],
  },
  READER_HAS_SAM: {
    status: 409,
    id: 'Card reader ini sudah memiliki SAM yang sedang dipakai.',
    en: 'This reader already has a SAM in use.',
    on: ['POST /v1/card-readers/{id}/sams'],
  },
  SAM_STATE: {
    status: 409,
    id: 'Status SAM tidak memungkinkan tindakan ini.',
    en: 'The SAM’s state does not allow this.',
    on: [
      'POST /v1/sams/{id}/sifilma-answer',
      'POST /v1/sams/{id}/personalise',
      'POST /v1/sams/{id}/activate',
      'POST /v1/sams/{id}/deactivate',
      'POST /v1/sams/{id}/configuration',
      'POST /v1/sams/{id}/configuration/confirm',
    ],
  },
  SIFILMA_ANSWERED: {
    status: 409,
    id: 'Jawaban SIFILMA untuk SAM ini sudah dicatat.',
    en: 'SIFILMA’s answer for this SAM is recorded already.',
    on: ['POST /v1/sams/{id}/sifilma-answer'],
  },
  SIFILMA_NOT_ACCEPTED: {
    status: 409,
    id: 'SIFILMA belum menerima SAM ini; catat jawabannya terlebih dahulu.',
    en: 'SIFILMA has not accepted this SAM yet; record its answer first.',
    on: ['POST /v1/sams/{id}/personalise'],
  },
  SAM_PUBLIC_KEY_INVALID: {
    status: 400,
    id: 'Kunci publik bukan kunci Ed25519 (base64 SPKI DER).',
    en: 'The public key is not an Ed25519 key (base64 SPKI DER).',
    on: ['POST /v1/sams/{id}/personalise'],
  },
  SAM_NO_AGREEMENT_IN_FORCE: {
    status: 409,
    id: 'Tidak ada PKS instansi yang berlaku; SAM tidak dapat diaktifkan.',
    en: 'No agreement of the institution is in force; the SAM cannot be activated.',
    on: ['POST /v1/sams/{id}/activate'],
  },
  SAM_METHOD_NOT_GRANTED: {
    status: 409,
    id: 'PKS yang berlaku tidak memberikan metode akses card reader.',
    en: 'The agreement in force does not grant the card-reader method.',
    on: ['POST /v1/sams/{id}/activate'],
  },
  SAM_NOT_PERSONALISED: {
    status: 409,
    id: 'SAM ini tidak pernah dipersonalisasi; tidak ada konfigurasi yang dikembalikan.',
    en: 'This SAM was never personalised; it has no configuration to return.',
    on: ['POST /v1/sams/{id}/configuration'],
  },

  // officeholder and organisation changes
  NOTICE_TOO_FAR_AHEAD: {
    status: 400,
    id: 'Tanggal berlaku paling lama 180 hari ke depan.',
    en: 'The effective date is at most 180 days ahead.',
    on: ['POST /v1/institutions/{id}/officeholder-changes'],
  },
  NOTICE_SAME_NAME: {
    status: 400,
    id: 'Nama baru sama dengan nama instansi sekarang.',
    en: 'The new name is the institution’s current name.',
    on: ['POST /v1/institutions/{id}/officeholder-changes'],
  },
  NOTICE_PENDING: {
    status: 409,
    id: 'Pemberitahuan instansi ini sebelumnya masih menunggu Dinas Dukcapil.',
    en: 'An earlier notice of this institution still awaits the office.',
    on: ['POST /v1/institutions/{id}/officeholder-changes'],
  },
  NOTICE_DECIDED: {
    status: 409,
    id: 'Pemberitahuan ini sudah dikonfirmasi atau ditolak.',
    en: 'This notice is confirmed or rejected already.',
    on: ['POST /v1/officeholder-changes/{id}/confirm', 'POST /v1/officeholder-changes/{id}/reject'],
  },

  // network provisioning records
  PROVISION_AGREEMENT_FOREIGN: {
    status: 400,
    id: 'PKS yang disebut bukan milik instansi ini.',
    en: 'The agreement named is not the institution’s.',
    on: ['POST /v1/institutions/{id}/network-provisions', 'PATCH /v1/network-provisions/{id}'],
  },
  PROVISION_CONNECTED_IN_FUTURE: {
    status: 400,
    id: 'Tanggal tersambung tidak boleh setelah hari ini.',
    en: 'The connection date is in the future.',
    on: [
      'POST /v1/institutions/{id}/network-provisions',
      'PATCH /v1/network-provisions/{id}',
      'POST /v1/network-provisions/{id}/status',
    ],
  },
  PROVISION_NOT_CONNECTED: {
    status: 400,
    id: 'Tanggal tersambung diisi hanya untuk jaringan yang sudah tersambung.',
    en: 'A connection date is set only on a connected record.',
    on: ['PATCH /v1/network-provisions/{id}'],
  },
  PROVISION_NETWORKS_REQUIRED: {
    status: 400,
    id: 'Catat alamat jaringan yang diberikan terlebih dahulu.',
    en: 'Record the assigned networks first.',
    on: ['PATCH /v1/network-provisions/{id}', 'POST /v1/network-provisions/{id}/status'],
  },
  PROVISION_WITHDRAWN: {
    status: 409,
    id: 'Catatan jaringan yang sudah ditarik tidak diubah lagi.',
    en: 'A withdrawn record is not changed.',
    on: ['PATCH /v1/network-provisions/{id}'],
  },
  PROVISION_STATE: {
    status: 409,
    id: 'Status catatan jaringan tidak dapat berpindah ke status itu.',
    en: 'The record cannot move to that status from its own.',
    on: ['POST /v1/network-provisions/{id}/status'],
  },

  // central MoUs
  MOU_PERIOD_ORDER: {
    status: 400,
    id: 'Tanggal akhir berlaku MoU sebelum tanggal mulainya.',
    en: 'The MoU’s end date is before its start date.',
    on: ['POST /v1/central-mous'],
  },
  MOU_SIGNED_IN_FUTURE: {
    status: 400,
    id: 'Tanggal penandatanganan MoU tidak boleh setelah hari ini.',
    en: 'The MoU’s signing date is in the future.',
    on: ['POST /v1/central-mous'],
  },
  MOU_NUMBER_TAKEN: {
    status: 409,
    id: 'MoU dengan nomor itu sudah terdaftar.',
    en: 'An MoU with that number is registered already.',
    on: ['POST /v1/central-mous'],
  },
  CENTRAL_BODY_UNKNOWN: {
    status: 400,
    id: 'Instansi vertikal pusat itu tidak terdaftar.',
    en: 'No such central body.',
    on: ['PATCH /v1/institutions/{id}/vertical-parent'],
  },

  // semester reports, compliance, evaluations
  SEMESTER_NOT_BEGUN: {
    status: 400,
    id: 'Semester itu belum dimulai.',
    en: 'That semester has not begun.',
    on: ['POST /v1/semester-reports', 'GET /v1/institutions/{id}/evaluation-checklist'],
  },
  REPORT_SEMESTER_NOT_ENDED: {
    status: 409,
    id: 'Semester itu belum berakhir; laporannya disampaikan sesudahnya.',
    en: 'That semester has not ended; its report is submitted after it.',
    on: ['POST /v1/semester-reports/{id}/submit', 'POST /v1/semester-reports/manual'],
  },
  REPORT_SUBMITTED: {
    status: 409,
    id: 'Laporan semester ini sudah disampaikan dan bersifat final.',
    en: 'This semester report is submitted already and final.',
    on: [
      'POST /v1/semester-reports',
      'POST /v1/semester-reports/manual',
      'POST /v1/semester-reports/{id}/narrative',
      'POST /v1/semester-reports/{id}/submit',
      'POST /v1/institutions/{id}/semester-reports',
    ],
  },
  REPORT_NARRATIVE_INCOMPLETE: {
    status: 400,
    id: 'Uraian laporan belum lengkap (layanan yang didukung, kendala dan rencana).',
    en: 'The report’s narrative is incomplete (services supported, problems and plans).',
    on: ['POST /v1/semester-reports/{id}/submit'],
  },
  REPORT_NOT_PDF: {
    status: 400,
    id: 'Laporan semester yang diunggah harus berkas PDF.',
    en: 'An uploaded semester report is a PDF.',
    on: ['POST /v1/semester-reports/manual'],
  },
  INSTITUTION_NOT_SUSPENDED: {
    status: 409,
    id: 'Hanya instansi yang sedang diberhentikan sementara yang dipulihkan.',
    en: 'Only a suspended institution is reinstated.',
    on: ['POST /v1/institutions/{id}/compliance/reinstate'],
  },
  EVALUATION_SEMESTER_REQUIRED: {
    status: 400,
    id: 'Evaluasi semester menyebut semesternya.',
    en: 'A semester evaluation names its semester.',
    on: ['POST /v1/evaluations'],
  },
  EVALUATION_AD_HOC_SEMESTER: {
    status: 400,
    id: 'Evaluasi insidental tidak menyebut semester.',
    en: 'An ad hoc evaluation names no semester.',
    on: ['POST /v1/evaluations'],
  },
  EVALUATION_SEMESTER_NOT_ENDED: {
    status: 400,
    id: 'Semester itu belum berakhir.',
    en: 'That semester has not ended.',
    on: ['POST /v1/evaluations'],
  },
  FOLLOW_UP_DATE_NOT_AHEAD: {
    status: 400,
    id: 'Batas waktu tindak lanjut harus setelah hari ini.',
    en: 'A follow-up date must lie after today.',
    on: ['POST /v1/evaluations'],
  },
  RECOMMENDATION_FOLLOWED_UP: {
    status: 409,
    id: 'Rekomendasi ini sudah ditindaklanjuti.',
    en: 'This recommendation is followed up already.',
    on: ['POST /v1/evaluation-recommendations/{id}/follow-up'],
  },

  // sign-in: password and second factor
  PASSWORD_CURRENT_WRONG: {
    status: 400,
    id: 'Kata sandi saat ini salah.',
    en: 'The current password is wrong.',
    on: ['POST /v1/auth/password'],
  },
  PASSWORD_UNCHANGED: {
    status: 400,
    id: 'Kata sandi baru harus berbeda dari kata sandi saat ini.',
    en: 'The new password must differ from the current one.',
    on: ['POST /v1/auth/password'],
  },
  TOTP_ENROLLED: {
    status: 409,
    id: 'Faktor kedua (kode autentikasi) sudah terdaftar.',
    en: 'A second factor (authentication code) is enrolled already.',
    on: ['POST /v1/auth/totp', 'POST /v1/auth/totp/verify'],
  },
  TOTP_NOT_ENROLLED: {
    status: 400,
    id: 'Daftarkan faktor kedua terlebih dahulu.',
    en: 'Enrol the second factor first.',
    on: ['POST /v1/auth/totp/verify'],
  },
  TOTP_CODE_WRONG: {
    status: 400,
    id: 'Kode autentikasi tidak cocok.',
    en: 'The authentication code does not match.',
    on: ['POST /v1/auth/totp/verify'],
  },

  // accounts, user-ID and quota requests, access gates, purposes
  NOT_AN_OPERATOR_ACCOUNT: {
    status: 400,
    id: 'Akun itu bukan akun operator.',
    en: 'That account is not an operator’s.',
    on: [
      'POST /v1/accounts/{id}/quota-requests',
      'POST /v1/accounts/{id}/nda',
      'POST /v1/accounts/{id}/client-application',
    ],
  },
  ACCOUNT_ALREADY_INACTIVE: {
    status: 409,
    id: 'User ID ini sudah non aktif.',
    en: 'This user ID is inactive already.',
    on: ['POST /v1/user-id-requests'],
  },
  USERNAME_EXHAUSTED: {
    status: 409,
    id: 'Tidak dapat membentuk user ID yang unik; pilih ID lokal lain.',
    en: 'No unique user ID can be formed; choose another local ID.',
    on: ['POST /v1/user-id-requests', 'POST /v1/officeholder-changes/{id}/confirm'],
  },
  QUOTA_NOT_AN_INCREASE: {
    status: 400,
    id: 'Kuota yang dimohon bukan kenaikan dari kuota sekarang.',
    en: 'The requested quota is not an increase.',
    on: ['POST /v1/accounts/{id}/quota-requests'],
  },
  QUOTA_REQUEST_DECIDED: {
    status: 409,
    id: 'Permohonan kuota ini sudah diputus.',
    en: 'This quota request is decided already.',
    on: ['POST /v1/quota-requests/{id}/decision'],
  },
  CLIENT_APPLICATION_FOREIGN: {
    status: 400,
    id: 'Aplikasi klien itu bukan milik instansi operator.',
    en: 'That client application is not the operator’s institution’s.',
    on: ['POST /v1/accounts/{id}/client-application'],
  },
  PURPOSE_UNKNOWN: {
    status: 400,
    id: 'Tujuan pemanfaatan itu tidak ada atau tidak aktif dalam katalog.',
    en: 'That purpose is not an active purpose of the catalogue.',
    on: [
      'POST /v1/agreements',
      'POST /v1/applications/{id}/agreement',
      'POST /v1/agreements/{id}/amendments',
    ],
  },
  DEFAULT_PURPOSE_NOT_GRANTED: {
    status: 400,
    id: 'Tujuan bawaan harus salah satu tujuan yang diberikan.',
    en: 'The default purpose must be one of the granted purposes.',
    on: [
      'POST /v1/agreements',
      'POST /v1/applications/{id}/agreement',
      'POST /v1/agreements/{id}/amendments',
    ],
  },

  // misuse alerts, data-quality tickets, the access audit
  ALERT_ACKNOWLEDGED: {
    status: 409,
    id: 'Peringatan ini sudah ditindaklanjuti.',
    en: 'This alert is acknowledged already.',
    on: ['POST /v1/misuse-alerts/{id}/acknowledge'],
  },
  TICKET_NOTHING_TO_CORRECT: {
    status: 409,
    id: 'Hasil ini tidak menyangkut data penduduk yang dapat diperbaiki.',
    en: 'This result concerns no resident data that can be corrected.',
    on: ['POST /v1/data-quality-tickets'],
  },
  TICKET_OPEN: {
    status: 409,
    id: 'Tiket untuk hasil ini masih diproses.',
    en: 'A ticket for this result is still being handled.',
    on: ['POST /v1/data-quality-tickets'],
  },
  TICKET_STATE: {
    status: 409,
    id: 'Tiket tidak dapat berpindah ke status itu dari statusnya sekarang.',
    en: 'The ticket cannot move to that state from its own.',
    on: ['POST /v1/data-quality-tickets/{id}/transition'],
  },
  PERIOD_ORDER: {
    status: 400,
    id: 'Tanggal awal setelah tanggal akhir.',
    en: 'The start is after the end.',
    on: ['GET /v1/audit/stats'],
  },
  PERIOD_TOO_LONG: {
    status: 400,
    id: 'Minta paling banyak 366 hari sekaligus.',
    en: 'Ask for at most 366 days at a time.',
    on: ['GET /v1/audit/stats'],
  },

  // disputes (issue #15)
  DISPUTE_EXISTS: {
    status: 409,
    id: 'Catatan ini sudah memiliki sengketa yang masih berjalan.',
    en: 'This record already has a dispute in progress.',
    on: ['POST /v1/resident/disputes'],
  },
  DISPUTE_NOT_AWAITING_ANSWER: {
    status: 409,
    id: 'Sengketa ini tidak lagi menunggu jawaban instansi.',
    en: 'This dispute no longer awaits the institution’s answer.',
    on: ['POST /v1/disputes/{id}/answer'],
  },
  DISPUTE_ANSWER_OVERDUE: {
    status: 409,
    id: 'Batas waktu jawaban telah lewat; sengketa diteruskan ke Dinas Dukcapil.',
    en: 'The deadline to answer has passed; the dispute has gone to the registry office.',
    on: ['POST /v1/disputes/{id}/answer'],
  },
  DISPUTE_NOT_AWAITING_DECISION: {
    status: 409,
    id: 'Sengketa ini belum atau tidak lagi menunggu keputusan.',
    en: 'This dispute does not await a decision (yet or any more).',
    on: ['POST /v1/disputes/{id}/decision'],
  },
  DISPUTE_SUSPEND_WITHOUT_MISUSE: {
    status: 400,
    id: 'Operator hanya dinonaktifkan bersama keputusan penyalahgunaan.',
    en: 'The operator is suspended only with the decision misuse found.',
    on: ['POST /v1/disputes/{id}/decision'],
  },
  DISPUTE_NO_OPERATOR: {
    status: 409,
    id: 'Akses ini tidak dilakukan oleh akun operator; tidak ada yang dinonaktifkan.',
    en: 'This access was not made by an operator account; nobody to deactivate.',
    on: ['POST /v1/disputes/{id}/decision'],
  },
  DISPUTE_FINDING_NOT_OPEN: {
    status: 409,
    id: 'Sengketa ini tidak memiliki temuan yang masih terbuka.',
    en: 'This dispute has no open finding.',
    on: ['POST /v1/disputes/{id}/finding-closed'],
  },
} as const satisfies Record<string, SpecificError>;

export type SpecificCode = keyof typeof ERROR_CODES;

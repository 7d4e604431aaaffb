/**
 * A Laravel `App\Services\DukcapilService` (PHP), `verifyIdentity` and `evaluateMatch`: NIK, name and address
 * verified, with the service's own stricter thresholds on the scores. The code index holds the file
 * (app/Services/DukcapilService.php, index id 70209138021) without naming its repository; line numbers are
 * counted in that stored copy. Re-created here from its facts; no code is copied.
 */
import { post, type ClientSetup, type Subject } from './http.ts';

export const CLIENT = 'Laravel DukcapilService (PHP)';

export interface LaravelConclusion {
  is_valid: boolean;
  message: string;
}

export async function verify(setup: ClientSetup, subject: Subject): Promise<LaravelConclusion> {
  // URL "{base}/{customerId}/CALL_VERIFY_BY_ELEMEN" from DUKCAPIL_BASE_URL and DUKCAPIL_CUSTOMER_ID (l. 28–32).
  const url = `${setup.base}/dukcapil/get_json/${setup.customerId}/CALL_VERIFY_BY_ELEMEN`;
  // Payload (l. 35–44): TRESHOLD the string "90" by default, name and address upper-cased and trimmed, and an
  // extra key transactionId ("LMW-<yyyymmddHHMMSS>-<4 random>").
  const payload = {
    USER_ID: setup.userId,
    PASSWORD: setup.password,
    IP_USER: setup.ipUser,
    TRESHOLD: '90',
    NIK: subject.nik,
    NAMA_LGKP: (subject.name ?? '').trim().toUpperCase(),
    ALAMAT: (subject.address ?? '').trim().toUpperCase(),
    transactionId: 'LMW-20260615100000-AB12',
  };
  // Http::post sends JSON with Content-Type application/json (l. 46–48).
  const res = await post(url, JSON.stringify(payload), { 'content-type': 'application/json' });
  // A non-2xx status: "service unavailable" (l. 50–53).
  if (res.status < 200 || res.status >= 300) {
    return { is_valid: false, message: 'Layanan kependudukan sedang tidak tersedia.' };
  }
  const response = JSON.parse(res.text) as { content?: Record<string, string>[] };
  // evaluateMatch (l. 76–117): no content → invalid format (l. 78–80).
  const content = response.content?.[0];
  if (!content) {
    return { is_valid: false, message: 'Format data kependudukan tidak valid atau NIK tidak ditemukan.' };
  }
  // NIK's verdict is read first: empty or containing "Tidak Sesuai" → not registered (l. 85–88).
  const statusNik = content.NIK ?? '';
  if (statusNik.includes('Tidak Sesuai') || statusNik === '') {
    return { is_valid: false, message: 'NIK tidak terdaftar dalam database kependudukan.' };
  }
  // Scores from "(NN)"; without parentheses "Tidak Sesuai" → 0, anything else → 100 (l. 91–92, 121–131).
  const nameScore = score(content.NAMA_LGKP ?? '');
  const addressScore = score(content.ALAMAT ?? '');
  // Its own thresholds: name 95, address 70 (l. 95–96).
  if (nameScore >= 95 && addressScore >= 70) return { is_valid: true, message: 'Data kependudukan valid.' };
  if (nameScore < 95) return { is_valid: false, message: 'Nama yang diinput tidak sesuai dengan ejaan KTP.' };
  return { is_valid: false, message: 'Alamat yang diinput terlalu berbeda dengan catatan KTP.' };
}

function score(verdict: string): number {
  const m = /\((\d+)\)/.exec(verdict);
  if (m) return Number(m[1]);
  return verdict.includes('Tidak Sesuai') ? 0 : 100;
}

/**
 * ricomarten/api-dukcapil (PHP), the BPS verification batch: backend/prosesApi.php at commit 1ee1b2e5 (the
 * same request code is in backend/proses.php, backend/prosesSP.php, services/dukcapil.php and
 * backend/ceknik.php). Re-created here from the facts of that file; no code is copied.
 */
import { post, type ClientSetup, type Subject } from './http.ts';

export const CLIENT = 'api-dukcapil (PHP, BPS verification batch)';

/**
 * What the batch records: a "not found" row with flag_nik 0 for codes 08, 11–15 (l. 117–125, 132); the
 * verdict row when the answer has no RESPONSE_CODE (l. 166–227); nothing for any other code, so the row stays
 * unchecked and is taken again by the next run (l. 117–160: no else branch).
 */
export type BatchConclusion =
  | { recorded: 'not_found'; code: string; flagNik: 0 | 1 }
  | {
      recorded: 'verdicts';
      flagNik: 0 | 1;
      flagNama: 0 | 1;
      levelNama: string | null;
      flagTglLahir: 0 | 1;
      flagAlamat: 0 | 1;
      levelAlamat: string | null;
    }
  | { recorded: 'nothing'; code: string };

export async function verify(setup: ClientSetup, subject: Subject): Promise<BatchConclusion> {
  // URL: …/dukcapil/get_json/BPS/CALL_VERIFY_BY_ELEMEN (l. 99); the customer is the caller's here.
  const url = `${setup.base}/dukcapil/get_json/${setup.customerId}/CALL_VERIFY_BY_ELEMEN`;
  const [y, m, d] = (subject.birthDate ?? '0000-00-00').split('-');
  // Keys in upper case, TRESHOLD the string "80", TGL_LHR dd-mm-yyyy built from its parts (l. 51, 74–95);
  // elements the survey does not hold are sent as one space (TMPT_LHR, JENIS_PKRJN, NO_RT, NO_RW: l. 81, 84, 94–95).
  const payload = {
    USER_ID: setup.userId,
    PASSWORD: setup.password,
    IP_USER: setup.ipUser,
    TRESHOLD: '80',
    NIK: subject.nik,
    NAMA_LGKP: subject.name ?? ' ',
    TMPT_LHR: ' ',
    TGL_LHR: `${d}-${m}-${y}`,
    JENIS_KLMIN: subject.sex ?? ' ',
    JENIS_PKRJN: ' ',
    ALAMAT: subject.address ?? ' ',
    NO_RT: ' ',
    NO_RW: ' ',
  };
  // The header line it sends (l. 102): one Content-type value that is not one media type.
  const res = await post(url, JSON.stringify(payload), {
    'content-type': 'application/json,Accept: application/json',
  });
  // $hasil->content[0] decoded as an array (l. 114–115).
  const content = (JSON.parse(res.text) as { content: Record<string, string>[] }).content[0]!;
  if ('RESPONSE_CODE' in content) {
    // Any RESPONSE_CODE: the "not found" branch (comment "Key exists; tidak ditemukan", l. 117–118).
    const code = content.RESPONSE_CODE!;
    if (['08', '11', '12', '13', '14', '15'].includes(code)) {
      return { recorded: 'not_found', code, flagNik: content.NIK === 'Sesuai' ? 1 : 0 };
    }
    return { recorded: 'nothing', code };
  }
  // Verdicts (l. 192–221): exact "Sesuai" for NIK, TGL_LHR; for NAMA_LGKP and ALAMAT the text before "("
  // (trimmed) must be "Sesuai" and the level is what stands inside the parentheses (ekstrak_kata /
  // ekstrak_nilai, l. 11–22: explode on "(", then drop ")"; a missing "(" leaves the level undefined).
  return {
    recorded: 'verdicts',
    flagNik: content.NIK === 'Sesuai' ? 1 : 0,
    flagNama: word(content.NAMA_LGKP) === 'Sesuai' ? 1 : 0,
    levelNama: level(content.NAMA_LGKP),
    flagTglLahir: content.TGL_LHR === 'Sesuai' ? 1 : 0,
    flagAlamat: word(content.ALAMAT) === 'Sesuai' ? 1 : 0,
    levelAlamat: level(content.ALAMAT),
  };
}

const word = (s: string | undefined) => (s ?? '').split('(')[0]!.trim();
const level = (s: string | undefined) => {
  const parts = (s ?? '').split('(');
  return parts.length > 1 ? parts[1]!.replaceAll(')', '') : null;
};

/**
 * SIMRS-Khanza, the hospital information system (Java; many hospitals run forks):
 * mas-elkhanza/SIMRS-Khanza, src/bridging/DUKCAPILCekNIK.java (stored version 064691fe), method `tampil`.
 * Re-created here from the facts of that file; no code is copied. Line numbers refer to that version.
 */
import { post, type ClientSetup, type Subject } from './http.ts';

export const CLIENT = 'SIMRS-Khanza (Java, hospital)';

/** What the clerk sees: one of the five dialogs (l. 70–79), or the patient form filled from the answer (l. 80–105). */
export type KhanzaConclusion =
  { dialog: string } | { form: { NIK: string; NAMA_LGKP: string }; logRow: string };

/** The five RESPON texts the client branches on, compared with String.equals (l. 70, 72, 74, 76, 78). */
const DIALOGS = [
  'Data Tidak Ditemukan',
  'Login Gagal',
  'IP Address Tidak Sesuai',
  'IP Client  Tidak terdaftar',
  'Kuota Akses Hari ini telah Habis',
];

export async function lookUp(setup: ClientSetup, subject: Subject): Promise<KhanzaConclusion> {
  // URL: the full CALL_NIK URL from setting/database.xml, URLDUKCAPIL (l. 44).
  const url = `${setup.base}/dukcapil/get_json/${setup.customerId}/CALL_NIK`;
  // Body built by string concatenation (l. 55–60): "nik", "user_id", "password" in lower case, "IP_USER"
  // in upper case, every value a JSON string.
  const body =
    `{"nik": "${subject.nik}",` +
    `"user_id" : "${setup.userId}",` +
    `"password": "${setup.password}",` +
    `"IP_USER":"${setup.ipUser}"}`;
  // Headers: Content-Type application/json (l. 53) and Accept application/json (l. 54).
  const res = await post(url, body, { 'content-type': 'application/json', accept: 'application/json' });
  // The answer's "content" array is walked (l. 65–68); each entry's RESPON decides (l. 70–80).
  const root = JSON.parse(res.text) as { content?: Record<string, unknown>[] };
  let conclusion: KhanzaConclusion | undefined;
  for (const entry of root.content ?? []) {
    // Jackson's path(..).asText(): a missing key reads as "" (l. 70).
    const respon = asText(entry.RESPON);
    if (DIALOGS.includes(respon)) conclusion = { dialog: respon };
    else {
      // Anything else is the found branch: the form is filled (l. 81–104) and a log row with the NIK read
      // from the answer is inserted (l. 105).
      const NIK = asText(entry.NIK);
      conclusion = { form: { NIK, NAMA_LGKP: asText(entry.NAMA_LGKP) }, logRow: NIK };
    }
  }
  if (!conclusion) throw new Error('no content');
  return conclusion;
}

function asText(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

/**
 * A C# (ASP.NET Core MVC) data-matching ("pemadanan") controller of a capital-market institution calling
 * CALL_NIK for uploaded KTP rows. The code index holds the file without naming its repository (index id
 * 8946877556); cited by character offset in that stored copy. Re-created here from its facts; no code is
 * copied.
 */
import { post, type ClientSetup, type Subject } from './http.ts';

export const CLIENT = 'KSEI pemadanan (C#, ASP.NET Core)';

/** Per uploaded row: the registry's record is stored beside it, or the row is listed as "Data tidak ditemukan". */
export type PemadananConclusion = { stored: { NIK: string; NAMA_LGKP: string } } | { notFound: true };

export async function lookUp(setup: ClientSetup, subject: Subject): Promise<PemadananConclusion> {
  // URL …/dukcapil/get_json/KSEI/CALL_NIK (offset ≈ 6830), the body concatenated by hand: "NIK" upper case,
  // "ip_address" (not IP_USER), "password", "user_id" lower case (offset ≈ 6500–6800).
  const url = `${setup.base}/dukcapil/get_json/${setup.customerId}/CALL_NIK`;
  const body =
    `{"NIK": "${subject.nik}",` +
    `"ip_address": "${setup.ipUser}",` +
    `"password": "${setup.password}",` +
    `"user_id": "${setup.userId}"}`;
  // StringContent(json, UTF8, "application/json"): Content-Type application/json; charset=utf-8.
  const res = await post(url, body, { 'content-type': 'application/json; charset=utf-8' });
  // JsonConvert into Webservice; content[0].RESPON != null → the row has no registry data (offset ≈ 7300):
  // the export then writes "DATA-WS{Data tidak ditemukan}" for it.
  const dt = JSON.parse(res.text) as { content: Record<string, string | null | undefined>[] };
  const first = dt.content[0]!;
  if (first.RESPON !== undefined && first.RESPON !== null) return { notFound: true };
  // Otherwise content[0] is stored as the registry's record (offset ≈ 7900–8900).
  return { stored: { NIK: first.NIK ?? '', NAMA_LGKP: first.NAMA_LGKP ?? '' } };
}

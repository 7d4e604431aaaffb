/**
 * A C# (.NET Framework) web service of a finance company, `Services.KtpPickup` in namespace
 * DukcapilWS.ApiServices: CALL_NIK by a lower-case method path. The code index holds the file without naming
 * its repository (index id 19258970999); line numbers are counted in that stored copy. Re-created here from
 * its facts; no code is copied.
 */
import { post, type ClientSetup, type Subject } from './http.ts';

export const CLIENT = 'KtpPickup (C#, finance company)';

/** The KTP object it returns: filled from the answer's fields, or null on any exception (l. 96–99). */
export type KtpConclusion = { ktp: { NIK: string | null; NAMA_LGKP: string | null } | null };

export async function lookUp(setup: ClientSetup, subject: Subject): Promise<KtpConclusion> {
  try {
    // URL …/dukcapil/get_json/BATAVIA_FINANCE/call_nik — the method in lower case (l. 43).
    const url = `${setup.base}/dukcapil/get_json/${setup.customerId}/call_nik`;
    // ContentType and Accept application/json (l. 46–47); body concatenated (l. 52–55): "NIK" upper case,
    // "user_id", "password", "ip_user" lower case.
    const body =
      `{"NIK":"${subject.nik}",` +
      `"user_id":"${setup.userId}",` +
      `"password":"${setup.password}",` +
      `"ip_user":"${setup.ipUser}"}`;
    const res = await post(url, body, { 'content-type': 'application/json', accept: 'application/json' });
    // GetResponse throws on a non-2xx status (→ the catch, l. 96–99); the body is deserialised into
    // BaseEntity and every content item's fields are copied into the KTP (l. 62–93); RESPON is not read.
    if (res.status < 200 || res.status >= 300) return { ktp: null };
    const items = JSON.parse(res.text) as { content: Record<string, string | undefined>[] };
    let ktp: { NIK: string | null; NAMA_LGKP: string | null } = { NIK: null, NAMA_LGKP: null };
    for (const item of items.content) ktp = { NIK: item.NIK ?? null, NAMA_LGKP: item.NAMA_LGKP ?? null };
    return { ktp };
  } catch {
    return { ktp: null };
  }
}

/**
 * paper-indonesia/pivot-backoffice (Go), identity verification through a Dukcapil gateway. The code index holds
 * its files without paths; cited by what they declare: the repository function `VerifyIdentity`
 * (package dukcapilgatewayrepository, index id 62292831780), the request and answer model
 * `GatewayVerifyRequest` / `ToGatewayRequest` (package dukcapilmodel, index id 62394840303) and the code
 * tables `FailedResponseCode` / `IncorrectSetupResponseCode` (package constant, index id 61957449902). Line
 * numbers are counted in those stored copies. Re-created here from their facts; no code is copied.
 */
import { post, type ClientSetup, type Subject } from './http.ts';

export const CLIENT = 'pivot-backoffice (Go)';

/** VerifyIdentity returns the answer (success), the answer with ErrDukcapilInvalidIdentity, or ErrSetupDukcapilConfig. */
export type PivotConclusion =
  | { result: 'verified'; content: Record<string, string> }
  | { result: 'invalid_identity'; code: string }
  | { result: 'setup_error'; code: string };

/** The constant package's maps: codes read as "invalid identity" and as "gateway set up wrongly". */
const FAILED = new Set(['08', '13', '14', '15', '11']);
const INCORRECT_SETUP = new Set(['03', '04', '05', '06', '07', '09', '10', '16', '17']);

export async function verify(setup: ClientSetup, subject: Subject, threshold = 80): Promise<PivotConclusion> {
  // URL: config Dukcapil.URL + "/CALL_VERIFY_BY_ELEMEN" (repository l. 12, 24).
  const url = `${setup.base}/dukcapil/get_json/${setup.customerId}/CALL_VERIFY_BY_ELEMEN`;
  // GatewayVerifyRequest (model l. 3–21; credentials and threshold set in repository l. 18–22): every field always present (no omitempty), TRESHOLD an int — a JSON
  // number — and the date as the back office holds it (DOB, here YYYY-MM-DD). encoding/json writes the
  // struct's fields in declaration order.
  const payload = {
    USER_ID: setup.userId,
    PASSWORD: setup.password,
    IP_USER: setup.ipUser,
    TRESHOLD: threshold,
    NIK: subject.nik,
    ALAMAT: subject.address ?? '',
    JENIS_KLMIN: subject.sex ?? '',
    JENIS_PKRJN: '',
    KAB_NAME: '',
    KEC_NAME: '',
    KEL_NAME: '',
    PROP_NAME: '',
    NAMA_LGKP: subject.name ?? '',
    NO_RT: '',
    NO_RW: '',
    TGL_LHR: subject.birthDate ?? '',
    TMPT_LHR: '',
  };
  // The pdk HTTP helper POSTs the struct as JSON (repository l. 25).
  const res = await post(url, JSON.stringify(payload), { 'content-type': 'application/json' });
  // json.Unmarshal into GatewayVerifyResponse (repository l. 31–36); Go matches keys without
  // regard to case, and a missing RESPONSE_CODE reads as "".
  const body = JSON.parse(res.text) as { content?: Record<string, string>[] };
  const first = body.content?.[0];
  if (!first) return { result: 'invalid_identity', code: '' }; // empty content (repository l. 37–40)
  const code = first.RESPONSE_CODE ?? '';
  if (INCORRECT_SETUP.has(code)) return { result: 'setup_error', code }; // repository l. 41–44
  if (FAILED.has(code)) return { result: 'invalid_identity', code }; // repository l. 46–49
  return { result: 'verified', content: first }; // repository l. 51
}

import { get } from '../../api.ts';

/** Shapes and helpers the oversight screens share. */
export interface Institution {
  id: string;
  code: string;
  name: string;
  officeId: string;
  isActive: boolean;
}

export interface Account {
  id: string;
  username: string;
  fullName: string;
  role: string;
  institutionId: string | null;
}

export const loadInstitutions = () => get<{ items: Institution[] }>('/v1/institutions').then((r) => r.items);

/** The audit outcome names as the API stores them (src/modules/access/outcomes.ts). */
export const OUTCOMES = [
  'found',
  'not_found',
  'deceased',
  'duplicate',
  'inactive',
  'nik_invalid_format',
  'credentials_missing',
  'login_failed',
  'not_an_operator',
  'ip_user_mismatch',
  'network_not_allowed',
  'institution_inactive',
  'account_inactive',
  'agreement_not_in_force',
  'method_not_granted',
  'responsibility_statement_missing',
  'nda_missing',
  'outside_allowed_hours',
  'invalid_request',
  'nik_unprocessable',
  'quota_exhausted',
  'throttled',
  'replayed_request',
  'stale_timestamp',
] as const;

export { addDays, daysBetween, wibToday } from '../../days.ts';

/** A `datetime-local` value read as WIB → an ISO datetime with the +07:00 offset. */
export function wibIso(local: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)) return undefined;
  return `${local.length === 16 ? `${local}:00` : local}+07:00`;
}

export const kb = (bytes: number) => (bytes / 1024).toLocaleString(undefined, { maximumFractionDigits: 1 });

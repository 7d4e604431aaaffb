import { client, ok, valuesOf, type Answer, type paths } from '../../api.ts';

type AuditQuery = NonNullable<paths['/v1/audit']['get']['parameters']['query']>;

/** Shapes and helpers the oversight screens share. */
export type Institution = Answer<'/v1/institutions'>['items'][number];

export type Account = Answer<'/v1/accounts'>['items'][number];

export const loadInstitutions = () => ok(client.GET('/v1/institutions')).then((r) => r.items);

/** The audit outcome names the API filters by (src/modules/access/outcomes.ts), every one of them. */
export const OUTCOMES = valuesOf<NonNullable<AuditQuery['outcome']>>({
  found: true,
  not_found: true,
  deceased: true,
  duplicate: true,
  inactive: true,
  nik_invalid_format: true,
  credentials_missing: true,
  login_failed: true,
  password_change_required: true,
  not_an_operator: true,
  ip_user_mismatch: true,
  network_not_allowed: true,
  institution_inactive: true,
  account_inactive: true,
  agreement_not_in_force: true,
  method_not_granted: true,
  purpose_not_granted: true,
  responsibility_statement_missing: true,
  nda_missing: true,
  outside_allowed_hours: true,
  invalid_request: true,
  nik_unprocessable: true,
  quota_exhausted: true,
  throttled: true,
  replayed_request: true,
  stale_timestamp: true,
  balance_exhausted: true,
  database_unavailable: true,
  sam_not_active: true,
  card_signature_invalid: true,
  card_read_replayed: true,
  card_read_stale: true,
});

/**
 * A filter value read from the page URL, checked against the API's list: a value outside it is no filter
 * (undefined) rather than a request the API would refuse.
 */
export function listed<T extends string>(
  list: readonly T[],
  value: string | null | undefined,
): T | undefined {
  return list.find((v) => v === value);
}

export { addDays, daysBetween, wibToday } from '../../days.ts';

/** A `datetime-local` value read as WIB → an ISO datetime with the +07:00 offset. */
export function wibIso(local: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)) return undefined;
  return `${local.length === 16 ? `${local}:00` : local}+07:00`;
}

export const kb = (bytes: number) => (bytes / 1024).toLocaleString(undefined, { maximumFractionDigits: 1 });

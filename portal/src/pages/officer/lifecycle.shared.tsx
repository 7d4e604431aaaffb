import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api.ts';
import { labelOf, useElements, type ElementInfo } from '../../elements.ts';
import { Field } from '../../components/ui.tsx';
import { daysUntil } from '../../days.ts';
import type { Role } from '../../session.tsx';
import type { AgreementStatus, ApplicationStatus, Institution, Office } from './lifecycle.types.ts';

/** What a role may do on these screens (the server enforces the same; this only hides what would fail). */
export const may = {
  /** Register and change institutions, draft and run agreements, forward applications. */
  write: (role: Role) => role === 'central_officer' || role === 'office_officer',
  /** Approve or reject applications; add elements or methods by amendment. */
  decide: (role: Role) => role === 'central_officer',
};

/** Runs one request at a time for a form: `busy` while it runs, `error` when it failed. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function run(fn: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await fn();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run, clear: () => setError(null) };
}

/** Institutions and offices by ID, to name them in lists (both in the caller's scope). */
export function useNames() {
  const [institutions, setInstitutions] = useState<Institution[]>([]);
  const [offices, setOffices] = useState<Office[]>([]);
  useEffect(() => {
    ok(client.GET('/v1/institutions')).then(
      (r) => setInstitutions(r.items),
      () => undefined,
    );
    ok(client.GET('/v1/offices')).then(
      (r) => setOffices(r.items),
      () => undefined,
    );
  }, []);
  return {
    institutions,
    offices,
    institutionName: (id: string) => institutions.find((i) => i.id === id)?.name ?? id,
    officeName: (id: string) => offices.find((o) => o.id === id)?.name ?? id,
  };
}

export { useElements };

/** The institution filter of a list: every institution in scope, or all. */
export function InstitutionFilter({
  id,
  value,
  onChange,
  institutions,
}: {
  id: string;
  value: string;
  onChange: (institutionId: string) => void;
  institutions: Institution[];
}) {
  const { t } = useTranslation();
  return (
    <Field id={id} label={t('common.institution')}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('officerCommon.all')}</option>
        {institutions.map((i) => (
          <option key={i.id} value={i.id}>
            {i.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Element codes as the labels users know, one per line. */
export function ElementList({ codes, elements }: { codes: string[]; elements: ElementInfo[] | undefined }) {
  return (
    <ul className="plain-list">
      {codes.map((c) => (
        <li key={c} data-element={c}>
          {labelOf(elements, c)}
        </li>
      ))}
    </ul>
  );
}

export function MethodList({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  return <>{codes.map((m) => t(`officerCommon.method.${m}`)).join(', ')}</>;
}

const APPLICATION_TONE: Record<ApplicationStatus, string> = {
  submitted: 'badge-warn',
  forwarded: '',
  approved: 'badge-ok',
  rejected: 'badge-err',
};
export function ApplicationBadge({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${APPLICATION_TONE[status]}`} data-status={status}>
      {t(`applications.status.${status}`)}
    </span>
  );
}

const AGREEMENT_TONE: Record<AgreementStatus, string> = {
  draft: '',
  signed: '',
  active: 'badge-ok',
  expiring: 'badge-warn',
  expired: 'badge-err',
  terminated: 'badge-err',
  revoked: 'badge-err',
};
export function AgreementBadge({ status }: { status: AgreementStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${AGREEMENT_TONE[status]}`} data-status={status}>
      {t(`agreements.status.${status}`)}
    </span>
  );
}

/** Splits a text area into its non-empty lines (reasons, return-data fields). */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Splits a list of networks typed one a line or separated by commas or spaces. */
export function tokens(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** Days to the end of an agreement's period, or that it has ended. */
export function ExpiryText({ endDate, status }: { endDate: string; status: AgreementStatus }) {
  const { t } = useTranslation();
  if (status === 'terminated' || status === 'revoked') return <span className="muted">–</span>;
  const days = daysUntil(endDate);
  if (days < 0) return <span className="muted">{t('agreements.endedAgo', { count: -days })}</span>;
  return (
    <span className={days <= 60 ? 'warn-text' : undefined}>{t('agreements.daysLeft', { count: days })}</span>
  );
}

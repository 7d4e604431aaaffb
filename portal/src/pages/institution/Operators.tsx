import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, client, download, ok, type Answer } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { useMe } from '../../session.tsx';
import { fileToUpload, UPLOAD_ACCEPT } from './upload.ts';

/** An account of the institution (GET /v1/accounts). */
type Account = Answer<'/v1/accounts'>['items'][number];
/** The answer to an issue request (POST /v1/user-id-requests): the user ID and its one-time password. */
type Issued = Answer<'/v1/user-id-requests', 'post'>;

const FORM_FIELDS = [
  'nik',
  'fullName',
  'nip',
  'employmentStatus',
  'position',
  'officeRegionCode',
  'officeName',
  'officeAddress',
  'localUserId',
] as const;
type FormField = (typeof FORM_FIELDS)[number];
const emptyForm = () => Object.fromEntries(FORM_FIELDS.map((f) => [f, ''])) as Record<FormField, string>;

export function Operators() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = me.role === 'institution_admin';
  const institutionId = me.institutionId!;
  const { data, error, loading, reload } = useLoad(async () => {
    const [accounts, gates] = await Promise.all([
      ok(client.GET('/v1/accounts', { params: { query: { institutionId } } })),
      ok(client.GET('/v1/institutions/{id}/gates', { params: { path: { id: institutionId } } })),
    ]);
    const nda = new Map(gates.operators.map((o) => [o.id, o.hasNda]));
    return accounts.items
      .filter((a) => a.role === 'operator')
      .map((a) => ({ ...a, hasNda: nda.get(a.id) ?? false }));
  }, [institutionId]);
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  return (
    <Page
      title={t('operators.title')}
      actions={
        admin && (
          <button type="button" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
            {t('operators.create')}
          </button>
        )
      }
    >
      {!admin && <Notice>{t('operators.readOnly')}</Notice>}
      {message && <Notice kind="ok">{message}</Notice>}
      {creating && <UserIdForm institutionId={institutionId} onIssued={reload} />}
      <ErrorNotice error={error} />
      {loading && !data && <Loading />}
      {data && (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('operators.username')}</th>
                <th scope="col">{t('operators.name')}</th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">{t('operators.quota')}</th>
                <th scope="col">{t('operators.nda')}</th>
                {admin && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {data.map((a) => (
                <tr key={a.id} data-username={a.username}>
                  <th scope="row">
                    <code>{a.username}</code>
                  </th>
                  <td>{a.fullName}</td>
                  <td>
                    <span className={`badge ${a.isActive ? 'badge-ok' : 'badge-err'}`}>
                      {a.isActive ? t('operators.active') : t('operators.inactive')}
                    </span>
                  </td>
                  <td>{a.dailyQuota ?? t('common.unlimited')}</td>
                  <td>
                    <span className={`badge ${a.hasNda ? 'badge-ok' : 'badge-warn'}`}>
                      {a.hasNda ? t('operators.ndaYes') : t('operators.ndaNo')}
                    </span>
                  </td>
                  {admin && (
                    <td>
                      <OperatorActions
                        account={a}
                        institutionId={institutionId}
                        onDone={(m) => {
                          setMessage(m);
                          reload();
                        }}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

function OperatorActions({
  account,
  institutionId,
  onDone,
}: {
  account: Account & { hasNda: boolean };
  institutionId: string;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'nda' | 'deactivate' | null>(null);
  const [date, setDate] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setError(null);
    try {
      onDone(await action());
      setOpen(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const id = account.id;
  return (
    <div>
      <div className="actions">
        {!account.hasNda && account.isActive && (
          <button type="button" className="secondary" onClick={() => setOpen(open === 'nda' ? null : 'nda')}>
            {t('operators.recordNda')}
          </button>
        )}
        {account.isActive && (
          <button
            type="button"
            className="secondary"
            onClick={() => setOpen(open === 'deactivate' ? null : 'deactivate')}
            aria-label={`${t('operators.deactivate')} ${account.username}`}
          >
            {t('operators.deactivate')}
          </button>
        )}
      </div>
      {open === 'nda' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await ok(
                client.POST('/v1/accounts/{id}/nda', {
                  params: { path: { id } },
                  body: { signedOn: date, ...(file ? { document: await fileToUpload(file) } : {}) },
                }),
              );
              return t('operators.ndaSaved');
            });
          }}
        >
          <Field id={`nda-date-${id}`} label={t('operators.ndaDate')}>
            <input
              id={`nda-date-${id}`}
              type="date"
              required
              value={date}
              onChange={(e) => setDate(e.target.value)}
            />
          </Field>
          <Field id={`nda-file-${id}`} label={t('operators.ndaFile')}>
            <input
              id={`nda-file-${id}`}
              type="file"
              accept={UPLOAD_ACCEPT}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </Field>
          <button type="submit" disabled={busy || !date}>
            {t('common.save')}
          </button>
        </form>
      )}
      {open === 'deactivate' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await ok(
                client.POST('/v1/user-id-requests', {
                  body: { kind: 'deactivate', institutionId, accountId: id, reason },
                }),
              );
              return t('operators.deactivated', { username: account.username });
            });
          }}
        >
          <Field id={`reason-${id}`} label={t('operators.deactivateReason')}>
            <input id={`reason-${id}`} required value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <button type="submit" className="danger" disabled={busy || reason.trim().length < 3}>
            {t('operators.deactivate')}
          </button>
        </form>
      )}
      <ErrorNotice error={error} />
    </div>
  );
}

function UserIdForm({ institutionId, onIssued }: { institutionId: string; onIssued: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(emptyForm);
  const [quota, setQuota] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<Issued | null>(null);
  const labels = Object.fromEntries(FORM_FIELDS.map((f) => [`/form/${f}`, t(`operators.${f}`)]));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // Empty fields are sent empty: the server names every missing one (only complete forms are processed).
      const res = await ok(
        client.POST('/v1/user-id-requests', {
          body: {
            kind: 'issue',
            institutionId,
            form: Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v.trim()])),
            ...(quota.trim() ? { dailyQuota: Number(quota) } : {}),
          },
        }),
      );
      setIssued(res);
      setForm(emptyForm());
      onIssued();
    } catch (err) {
      setError(err instanceof ApiFailure ? err : new ApiFailure(0, 'unknown', String(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="panel">
      <h2>{t('operators.formTitle')}</h2>
      <p className="muted">{t('operators.formIntro')}</p>
      {issued && (
        <div role="status" className="notice notice-ok" data-testid="issued">
          <p>
            <strong>{t('operators.issued')}</strong>
          </p>
          <p>
            {t('operators.issuedUsername')}: <code data-testid="issued-username">{issued.username}</code>
          </p>
          {issued.oneTimePassword && (
            <p>
              {t('operators.issuedPassword')}:{' '}
              <code data-testid="issued-password">{issued.oneTimePassword}</code>
            </p>
          )}
          <p className="small">{t('operators.issuedNote')}</p>
          <button
            type="button"
            className="secondary"
            onClick={() =>
              void download(`/v1/documents/${issued.handoverDocumentId}`, 'bast.pdf', () => undefined)
            }
          >
            {t('common.download')}: {t('operators.handover')}
          </button>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <div className="grid">
          {FORM_FIELDS.map((f) => (
            <Field key={f} id={`uid-${f}`} label={t(`operators.${f}`)}>
              <input
                id={`uid-${f}`}
                name={f}
                value={form[f]}
                inputMode={f === 'nik' || f === 'nip' || f === 'officeRegionCode' ? 'numeric' : undefined}
                onChange={(e) => setForm((x) => ({ ...x, [f]: e.target.value }))}
              />
            </Field>
          ))}
          <Field id="uid-quota" label={t('operators.dailyQuota')}>
            <input
              id="uid-quota"
              type="number"
              min={0}
              value={quota}
              onChange={(e) => setQuota(e.target.value)}
            />
          </Field>
        </div>
        <ErrorNotice error={error} fields={labels} />
        <button type="submit" disabled={busy}>
          {t('operators.submit')}
        </button>
      </form>
    </div>
  );
}

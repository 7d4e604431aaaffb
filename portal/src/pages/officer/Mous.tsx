import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok, type Answer } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDate } from '../../format.ts';
import { useMe } from '../../session.tsx';
import { fileToUpload, UPLOAD_ACCEPT } from '../institution/upload.ts';
import { loadInstitutions } from './oversight.shared.ts';

type CentralBody = Answer<'/v1/central-bodies'>['items'][number];
type Parent = Answer<'/v1/institutions/{id}/vertical-parent'>;

/** The register of central MoUs (the central office records them) and each institution's vertical parent. */
export function Mous() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const mous = useLoad(() => ok(client.GET('/v1/central-mous')).then((r) => r.items), []);
  const bodies = useLoad(() => ok(client.GET('/v1/central-bodies')).then((r) => r.items), []);
  const inForce = new Set((bodies.data ?? []).flatMap((b) => (b.mouInForce ? [b.mouInForce.id] : [])));
  return (
    <Page title={t('mous.title')}>
      <p className="muted">{t('mous.intro')}</p>
      {me.role === 'central_officer' && (
        <RegisterMou
          onDone={() => {
            mous.reload();
            bodies.reload();
          }}
        />
      )}
      <section className="panel" aria-labelledby="mou-list-title">
        <h2 id="mou-list-title">{t('mous.list')}</h2>
        <ErrorNotice error={mous.error} />
        {mous.loading && !mous.data && <Loading />}
        {mous.data && mous.data.length === 0 && <p>{t('mous.none')}</p>}
        {mous.data && mous.data.length > 0 && (
          <div className="table-wrap">
            <table className="data" data-testid="mou-list">
              <thead>
                <tr>
                  <th scope="col">{t('mous.centralBody')}</th>
                  <th scope="col">{t('mous.mouNumber')}</th>
                  <th scope="col">{t('mous.validFrom')}</th>
                  <th scope="col">{t('mous.validUntil')}</th>
                  <th scope="col">{t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {mous.data.map((m) => (
                  <tr key={m.id}>
                    <td>{m.centralBody}</td>
                    <td>{m.mouNumber}</td>
                    <td>{formatDate(m.validFrom, i18n.language)}</td>
                    <td>{formatDate(m.validUntil, i18n.language)}</td>
                    <td>{inForce.has(m.id) ? t('mous.inForce') : t('mous.notInForce')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {(me.role === 'central_officer' || me.role === 'office_officer') && (
        <SetParent bodies={bodies.data ?? []} onDone={bodies.reload} />
      )}
    </Page>
  );
}

function RegisterMou({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({
    centralBody: '',
    mouNumber: '',
    signedOn: '',
    validFrom: '',
    validUntil: '',
  });
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const field = (k: keyof typeof form, type = 'text') => (
    <Field id={`mou-${k}`} label={t(`mous.${k}`)}>
      <input
        id={`mou-${k}`}
        type={type}
        value={form[k]}
        onChange={(e) => setForm((f) => ({ ...f, [k]: e.target.value }))}
      />
    </Field>
  );
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setFailure(null);
    setDone(false);
    try {
      const document = await fileToUpload(file);
      await ok(client.POST('/v1/central-mous', { body: { ...form, document } }));
      setDone(true);
      onDone();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="panel" aria-labelledby="mou-form-title">
      <h2 id="mou-form-title">{t('mous.register')}</h2>
      {done && <Notice kind="ok">{t('mous.registered')}</Notice>}
      <form onSubmit={submit}>
        {field('centralBody')}
        {field('mouNumber')}
        {field('signedOn', 'date')}
        {field('validFrom', 'date')}
        {field('validUntil', 'date')}
        <Field id="mou-document" label={t('mous.document')}>
          <input
            id="mou-document"
            type="file"
            accept={UPLOAD_ACCEPT}
            required
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </Field>
        <ErrorNotice
          error={failure}
          fields={Object.fromEntries(
            ['centralBody', 'mouNumber', 'signedOn', 'validFrom', 'validUntil', 'document'].map((k) => [
              `/${k}`,
              t(`mous.${k}`),
            ]),
          )}
        />
        <button type="submit" disabled={busy}>
          {t('mous.register')}
        </button>
      </form>
    </section>
  );
}

function SetParent({ bodies, onDone }: { bodies: CentralBody[]; onDone: () => void }) {
  const { t } = useTranslation();
  const institutions = useLoad(loadInstitutions, []);
  const [institutionId, setInstitutionId] = useState('');
  const [bodyId, setBodyId] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState<Parent | null>(null);
  const current = useLoad(
    () =>
      institutionId
        ? ok(client.GET('/v1/institutions/{id}/vertical-parent', { params: { path: { id: institutionId } } }))
        : Promise.resolve(null as Parent | null),
    [institutionId],
  );
  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      setSaved(
        await ok(
          client.PATCH('/v1/institutions/{id}/vertical-parent', {
            params: { path: { id: institutionId } },
            body: { centralBodyId: bodyId || null },
          }),
        ),
      );
      onDone();
      current.reload();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }
  const shown = saved ?? current.data;
  return (
    <section className="panel" aria-labelledby="parent-title">
      <h2 id="parent-title">{t('mous.parentTitle')}</h2>
      <form onSubmit={save}>
        <Field id="parent-institution" label={t('mous.institution')}>
          <select
            id="parent-institution"
            value={institutionId}
            onChange={(e) => {
              setSaved(null);
              setInstitutionId(e.target.value);
            }}
          >
            <option value="">–</option>
            {(institutions.data ?? []).map((i) => (
              <option key={i.id} value={i.id}>
                {i.code} · {i.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="parent-body" label={t('mous.parent')}>
          <select id="parent-body" value={bodyId} onChange={(e) => setBodyId(e.target.value)}>
            <option value="">{t('mous.noParent')}</option>
            {bodies.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </Field>
        {institutionId && shown && (
          <p data-testid="parent-state">
            {t('mous.parent')}: {shown.centralBody?.name ?? t('mous.noParent')} —{' '}
            {shown.covered ? t('mous.covered') : t('mous.notCovered')}
          </p>
        )}
        {saved && <Notice kind="ok">{t('mous.parentSaved')}</Notice>}
        <ErrorNotice error={failure ?? current.error} />
        <button type="submit" disabled={busy || !institutionId}>
          {t('mous.setParent')}
        </button>
      </form>
    </section>
  );
}

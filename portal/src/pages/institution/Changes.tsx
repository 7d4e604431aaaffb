import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok, type Answer } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDate } from '../../format.ts';
import { useMe } from '../../session.tsx';
import { fileToUpload, UPLOAD_ACCEPT } from './upload.ts';

/** A notice of change as the API answers it (GET /v1/officeholder-changes). */
export type ChangeNotice = Answer<'/v1/officeholder-changes'>['items'][number];

/** What changes, in one line. */
export function ChangeSummary({ c }: { c: ChangeNotice }) {
  const { t } = useTranslation();
  return (
    <>
      <strong>{t(`changes.kind_${c.kind}`)}</strong>
      <div>
        {c.kind === 'officeholder'
          ? `${c.newHeadName} (${c.newHeadTitle})`
          : `${c.previousName} → ${c.newName}`}
      </div>
    </>
  );
}

/** The institution notifies a change of its head or organisation (surat + dokumen pendukung). */
export function Changes() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const list = useLoad(
    () =>
      ok(
        client.GET('/v1/officeholder-changes', {
          params: { query: { institutionId: me.institutionId ?? undefined } },
        }),
      ).then((r) => r.items),
    [me.institutionId],
  );
  const [kind, setKind] = useState<'officeholder' | 'organisation'>('officeholder');
  const [letterNumber, setLetterNumber] = useState('');
  const [effectiveOn, setEffectiveOn] = useState('');
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [email, setEmail] = useState('');
  const [newName, setNewName] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    setDone(false);
    try {
      const documents = await Promise.all(files.map(fileToUpload));
      const notice = { letterNumber: letterNumber.trim(), effectiveOn, documents };
      await ok(
        client.POST('/v1/institutions/{id}/officeholder-changes', {
          params: { path: { id: me.institutionId ?? '' } },
          body:
            kind === 'officeholder'
              ? { kind, ...notice, newHead: { name: name.trim(), title: title.trim(), email: email.trim() } }
              : { kind, ...notice, newName: newName.trim() },
        }),
      );
      setDone(true);
      list.reload();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('changes.title')}>
      <p className="muted">{t('changes.intro')}</p>
      <section className="panel" aria-labelledby="change-form-title">
        <h2 id="change-form-title">{t('changes.file')}</h2>
        {done && <Notice kind="ok">{t('changes.filed')}</Notice>}
        <form onSubmit={submit}>
          <Field id="change-kind" label={t('changes.kind')}>
            <select id="change-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="officeholder">{t('changes.kind_officeholder')}</option>
              <option value="organisation">{t('changes.kind_organisation')}</option>
            </select>
          </Field>
          <Field id="change-letter" label={t('changes.letterNumber')}>
            <input
              id="change-letter"
              value={letterNumber}
              onChange={(e) => setLetterNumber(e.target.value)}
            />
          </Field>
          <Field id="change-effective" label={t('changes.effectiveOn')}>
            <input
              id="change-effective"
              type="date"
              value={effectiveOn}
              onChange={(e) => setEffectiveOn(e.target.value)}
            />
          </Field>
          {kind === 'officeholder' ? (
            <>
              <Field id="change-name" label={t('changes.newHeadName')}>
                <input id="change-name" value={name} onChange={(e) => setName(e.target.value)} />
              </Field>
              <Field id="change-title" label={t('changes.newHeadTitle')}>
                <input id="change-title" value={title} onChange={(e) => setTitle(e.target.value)} />
              </Field>
              <Field id="change-email" label={t('changes.newHeadEmail')}>
                <input
                  id="change-email"
                  type="email"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                />
              </Field>
            </>
          ) : (
            <Field id="change-newname" label={t('changes.newName')}>
              <input id="change-newname" value={newName} onChange={(e) => setNewName(e.target.value)} />
            </Field>
          )}
          <Field id="change-docs" label={t('changes.documents')}>
            <input
              id="change-docs"
              type="file"
              multiple
              accept={UPLOAD_ACCEPT}
              onChange={(e) => setFiles([...(e.target.files ?? [])].slice(0, 3))}
            />
          </Field>
          <ErrorNotice
            error={failure}
            fields={{
              '/letterNumber': t('changes.letterNumber'),
              '/effectiveOn': t('changes.effectiveOn'),
              '/newHead/name': t('changes.newHeadName'),
              '/newHead/title': t('changes.newHeadTitle'),
              '/newHead/email': t('changes.newHeadEmail'),
              '/newName': t('changes.newName'),
              '/documents': t('changes.documents'),
            }}
          />
          <button type="submit" disabled={busy}>
            {t('changes.file')}
          </button>
        </form>
      </section>
      <section className="panel" aria-labelledby="change-list-title">
        <h2 id="change-list-title">{t('changes.list')}</h2>
        <ErrorNotice error={list.error} />
        {list.loading && !list.data && <Loading />}
        {list.data && list.data.length === 0 && <p>{t('changes.none')}</p>}
        {list.data && list.data.length > 0 && (
          <div className="table-wrap">
            <table className="data" data-testid="change-list">
              <thead>
                <tr>
                  <th scope="col">{t('common.date')}</th>
                  <th scope="col">{t('changes.change')}</th>
                  <th scope="col">{t('changes.effectiveOn')}</th>
                  <th scope="col">{t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((c) => (
                  <tr key={c.id}>
                    <td>{formatDate(c.filedAt, i18n.language)}</td>
                    <td>
                      <ChangeSummary c={c} />
                      <div className="small muted">{c.letterNumber}</div>
                    </td>
                    <td>{formatDate(c.effectiveOn, i18n.language)}</td>
                    <td>
                      <span className="badge" data-status={c.status}>
                        {t(`changes.status_${c.status}`)}
                      </span>
                      {c.sptjmDueOn && (
                        <div className="small">
                          {t('changes.sptjmDue', { date: formatDate(c.sptjmDueOn, i18n.language) })}
                        </div>
                      )}
                      {c.decisionNote && <div className="small muted">{c.decisionNote}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Page>
  );
}

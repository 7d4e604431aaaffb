import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { client, download, ok } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, Progress, useLoad } from '../../components/ui.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useMe } from '../../session.tsx';
import { AgreementDraftForm } from './AgreementDraftForm.tsx';
import {
  ApplicationBadge,
  ElementList,
  may,
  MethodList,
  useAction,
  useElements,
  useNames,
} from './lifecycle.shared.tsx';
import type { Agreement, Application } from './lifecycle.types.ts';

/** One application: what was asked, its path so far, and the step the signed-in officer may take. */
export function ApplicationDetail() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const names = useNames();
  const elements = useElements();
  const {
    data: a,
    error,
    loading,
    reload,
  } = useLoad(() => ok(client.GET('/v1/applications/{id}', { params: { path: { id } } })), [id]);
  const agreements = useLoad(
    () =>
      a?.status === 'approved'
        ? ok(client.GET('/v1/agreements', { params: { query: { institutionId: a.institutionId } } }))
        : Promise.resolve({ items: [] as Agreement[] }),
    [a?.status, a?.institutionId],
  );
  const drafted = agreements.data?.items.find((g) => g.applicationId === id);

  return (
    <Page
      title={t('applications.detailTitle')}
      actions={<Link to="/officer/applications">{t('applications.back')}</Link>}
    >
      <ErrorNotice error={error} />
      {loading && !a && <Loading />}
      {a && (
        <>
          <section className="panel" aria-labelledby="app-summary">
            <h2 id="app-summary">
              {names.institutionName(a.institutionId)} <ApplicationBadge status={a.status} />
            </h2>
            <dl className="facts">
              <dt>{t('applications.purpose')}</dt>
              <dd>{a.purpose}</dd>
              <dt>{t('officerCommon.office')}</dt>
              <dd>{names.officeName(a.officeId)}</dd>
              <dt>{t('officerCommon.methods')}</dt>
              <dd>
                <MethodList codes={a.methods} />
              </dd>
              <dt>{t('officerCommon.returnData')}</dt>
              <dd>{a.returnData.join(', ')}</dd>
              <dt>{t('officerCommon.period')}</dt>
              <dd>
                {a.periodUntil
                  ? t('applications.until', { date: formatDate(a.periodUntil, i18n.language) })
                  : t('officerCommon.months', { count: a.periodMonths ?? 24 })}
              </dd>
              <dt>{t('applications.submittedOn')}</dt>
              <dd>{formatDateTime(a.submittedAt, i18n.language)}</dd>
              {a.forwardedAt && (
                <>
                  <dt>{t('applications.forwardedOn')}</dt>
                  <dd>{formatDateTime(a.forwardedAt, i18n.language)}</dd>
                  <dt>{t('applications.forwardNote')}</dt>
                  <dd>{a.forwardNote}</dd>
                </>
              )}
              {a.decidedAt && (
                <>
                  <dt>{t('applications.decidedOn')}</dt>
                  <dd>{formatDateTime(a.decidedAt, i18n.language)}</dd>
                  <dt>{t('applications.letterNumber')}</dt>
                  <dd>{a.letterNumber}</dd>
                </>
              )}
            </dl>
            <h3>{t('officerCommon.elements')}</h3>
            <ElementList codes={a.elements} elements={elements} />
            {a.rejectionReasons && (
              <>
                <h3>{t('applications.reasons')}</h3>
                <ol>
                  {a.rejectionReasons.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ol>
              </>
            )}
            {a.letterId && <LetterDownload id={a.id} />}
          </section>
          {a.annex && <AnnexTable annex={a.annex} />}
          <Steps application={a} onChanged={reload} />
          {a.status === 'approved' &&
            (drafted ? (
              <Notice>
                {t('applications.drafted')}{' '}
                <Link to={`/officer/agreements/${drafted.id}`}>{drafted.registryNumber}</Link>
              </Notice>
            ) : (
              agreements.data && <DraftStep application={a} />
            ))}
        </>
      )}
    </Page>
  );
}

function DraftStep({ application }: { application: Application }) {
  const me = useMe();
  return may.write(me.role) ? <AgreementDraftForm application={application} /> : null;
}

function LetterDownload({ id }: { id: string }) {
  const { t } = useTranslation();
  const action = useAction();
  const [received, setReceived] = useState<number | null>(null);
  return (
    <div className="letter">
      <button
        type="button"
        className="secondary"
        disabled={action.busy}
        onClick={() =>
          void action.run(async () => {
            setReceived(0);
            await download(
              `/v1/applications/${encodeURIComponent(id)}/letter`,
              `surat-${id}.pdf`,
              setReceived,
            );
          })
        }
      >
        {action.busy ? t('applications.letterBusy') : t('applications.letter')}
      </button>
      {action.busy && received !== null && (
        <Progress label={t('officerCommon.received', { kb: Math.round(received / 1024) })} />
      )}
      <ErrorNotice error={action.error} />
    </div>
  );
}

function AnnexTable({ annex }: { annex: NonNullable<Application['annex']> }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="annex-title">
      <h2 id="annex-title">{t('applications.annex')}</h2>
      <div className="table-wrap">
        <table className="data">
          <tbody>
            <tr>
              <th scope="row">{t('applications.annexUser')}</th>
              <td>{annex.user}</td>
            </tr>
            <tr>
              <th scope="row">{t('applications.purpose')}</th>
              <td>{annex.purpose}</td>
            </tr>
            <tr>
              <th scope="row">{t('officerCommon.elements')}</th>
              <td>
                <ol className="compact">
                  {annex.elements.map((e) => (
                    <li key={e.code}>{e.label}</li>
                  ))}
                </ol>
              </td>
            </tr>
            <tr>
              <th scope="row">{t('officerCommon.methods')}</th>
              <td>{annex.methods.map((m) => m.label).join(', ')}</td>
            </tr>
            <tr>
              <th scope="row">{t('officerCommon.returnData')}</th>
              <td>{annex.returnData.join(', ')}</td>
            </tr>
            <tr>
              <th scope="row">{t('officerCommon.period')}</th>
              <td>{annex.period}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Forward (office), approve or reject (central): only what the role may do in the application's state. */
function Steps({ application: a, onChanged }: { application: Application; onChanged: () => void }) {
  const me = useMe();
  if (a.status === 'submitted' && may.write(me.role)) return <ForwardForm id={a.id} onDone={onChanged} />;
  if (a.status === 'forwarded' && may.decide(me.role))
    return (
      <div className="grid">
        <ApproveStep id={a.id} onDone={onChanged} />
        <RejectForm id={a.id} onDone={onChanged} />
      </div>
    );
  return null;
}

function ForwardForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const action = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (
      await action.run(() =>
        ok(client.POST('/v1/applications/{id}/forward', { params: { path: { id } }, body: { note } })),
      )
    )
      onDone();
  }
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="forward-title">
      <h2 id="forward-title">{t('applications.forwardTitle')}</h2>
      <Field id="forward-note" label={t('applications.forwardNote')} hint={t('applications.forwardHint')}>
        <textarea
          id="forward-note"
          required
          minLength={3}
          maxLength={2000}
          value={note}
          aria-describedby="forward-note-hint"
          onChange={(e) => setNote(e.target.value)}
        />
      </Field>
      <ErrorNotice error={action.error} fields={{ '/note': t('applications.forwardNote') }} />
      <button type="submit" disabled={action.busy || note.trim().length < 3}>
        {action.busy ? t('officerCommon.busy') : t('applications.forward')}
      </button>
    </form>
  );
}

function ApproveStep({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  return (
    <section className="panel" aria-labelledby="approve-title">
      <h2 id="approve-title">{t('applications.approveTitle')}</h2>
      <p className="muted">{t('applications.approveHint')}</p>
      <ErrorNotice error={action.error} />
      <button
        type="button"
        disabled={action.busy}
        onClick={() =>
          void action
            .run(() => ok(client.POST('/v1/applications/{id}/approve', { params: { path: { id } } })))
            .then((done) => done && onDone())
        }
      >
        {action.busy ? t('officerCommon.busy') : t('applications.approve')}
      </button>
    </section>
  );
}

function RejectForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [reasons, setReasons] = useState(['']);
  const action = useAction();
  const filled = reasons.map((r) => r.trim()).filter(Boolean);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (
      await action.run(() =>
        ok(
          client.POST('/v1/applications/{id}/reject', {
            params: { path: { id } },
            body: { reasons: filled },
          }),
        ),
      )
    )
      onDone();
  }
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="reject-title">
      <h2 id="reject-title">{t('applications.rejectTitle')}</h2>
      {reasons.map((r, i) => (
        <div className="row" key={i}>
          <label htmlFor={`reason-${i}`} className="sr-only">
            {t('applications.reasonN', { n: i + 1 })}
          </label>
          <input
            id={`reason-${i}`}
            value={r}
            placeholder={t('applications.reasonN', { n: i + 1 })}
            maxLength={1000}
            onChange={(e) => setReasons(reasons.map((x, j) => (j === i ? e.target.value : x)))}
          />
          {reasons.length > 1 && (
            <button
              type="button"
              className="secondary"
              onClick={() => setReasons(reasons.filter((_, j) => j !== i))}
              aria-label={t('applications.removeReasonN', { n: i + 1 })}
            >
              {t('officerCommon.remove')}
            </button>
          )}
        </div>
      ))}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => setReasons([...reasons, ''])}
          disabled={reasons.length >= 20}
        >
          {t('applications.addReason')}
        </button>
        <button type="submit" className="danger" disabled={action.busy || filled.length === 0}>
          {action.busy ? t('officerCommon.busy') : t('applications.reject')}
        </button>
      </div>
      <ErrorNotice error={action.error} fields={{ '/reasons': t('applications.reasons') }} />
    </form>
  );
}

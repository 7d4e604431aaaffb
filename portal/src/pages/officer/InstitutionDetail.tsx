import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDate } from '../../format.ts';
import { useMe } from '../../session.tsx';
import { ActiveBadge } from './Institutions.tsx';
import { AgreementBadge, ExpiryText, may, tokens, useAction, useNames } from './lifecycle.shared.tsx';
import type { Institution } from './lifecycle.types.ts';

/** One institution: its settings, where it stands at the gates and in compliance, its operators and PKS. */
export function InstitutionDetail() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const names = useNames();
  const ins = useLoad(() => ok(client.GET('/v1/institutions/{id}', { params: { path: { id } } })), [id]);
  return (
    <Page
      title={ins.data?.name ?? t('institutions.detailTitle')}
      actions={<Link to="/officer/institutions">{t('institutions.back')}</Link>}
    >
      <ErrorNotice error={ins.error} />
      {ins.loading && !ins.data && <Loading />}
      {ins.data && (
        <>
          <section className="panel" aria-labelledby="ins-summary">
            <h2 id="ins-summary">
              <code>{ins.data.code}</code> <ActiveBadge active={ins.data.isActive} />
            </h2>
            <dl className="facts">
              <dt>{t('officerCommon.office')}</dt>
              <dd>{names.officeName(ins.data.officeId)}</dd>
              <dt>{t('officerCommon.networks')}</dt>
              <dd>
                {ins.data.allowedNetworks.length === 0
                  ? t('institutions.noNetworks')
                  : ins.data.allowedNetworks.join(', ')}
              </dd>
            </dl>
          </section>
          {may.write(me.role) && <EditInstitution institution={ins.data} onSaved={ins.reload} />}
          <div className="grid">
            <ComplianceSummary id={id} />
            <Gates id={id} />
          </div>
          <Operators id={id} />
          <InstitutionAgreements id={id} />
        </>
      )}
    </Page>
  );
}

function EditInstitution({ institution: i, onSaved }: { institution: Institution; onSaved: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(i.name);
  const [networks, setNetworks] = useState(i.allowedNetworks.join('\n'));
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const toggle = useAction();
  useEffect(() => {
    setName(i.name);
    setNetworks(i.allowedNetworks.join('\n'));
  }, [i]);
  const at = { params: { path: { id: i.id } } };
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (
      await action.run(() =>
        ok(
          client.PATCH('/v1/institutions/{id}', { ...at, body: { name, allowedNetworks: tokens(networks) } }),
        ),
      )
    ) {
      setSaved(true);
      onSaved();
    }
  }
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="edit-ins">
      <h2 id="edit-ins">{t('institutions.edit')}</h2>
      <div className="grid">
        <Field id="edit-name" label={t('institutions.name')}>
          <input
            id="edit-name"
            required
            minLength={3}
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field id="edit-networks" label={t('officerCommon.networks')} hint={t('officerCommon.networksHint')}>
          <textarea
            id="edit-networks"
            aria-describedby="edit-networks-hint"
            value={networks}
            onChange={(e) => setNetworks(e.target.value)}
          />
        </Field>
      </div>
      <ErrorNotice
        error={action.error ?? toggle.error}
        fields={{ '/name': t('institutions.name'), '/allowedNetworks': t('officerCommon.networks') }}
      />
      {saved && <Notice kind="ok">{t('officerCommon.saved')}</Notice>}
      <div className="actions">
        <button type="submit" disabled={action.busy}>
          {action.busy ? t('officerCommon.busy') : t('common.save')}
        </button>
        <button
          type="button"
          className={i.isActive ? 'danger' : 'secondary'}
          disabled={toggle.busy}
          onClick={() =>
            void toggle
              .run(() =>
                ok(client.PATCH('/v1/institutions/{id}', { ...at, body: { isActive: !i.isActive } })),
              )
              .then((done) => done && onSaved())
          }
        >
          {toggle.busy
            ? t('officerCommon.busy')
            : i.isActive
              ? t('institutions.deactivate')
              : t('institutions.activate')}
        </button>
      </div>
    </form>
  );
}

function ComplianceSummary({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const c = useLoad(
    () => ok(client.GET('/v1/institutions/{id}/compliance', { params: { path: { id } } })),
    [id],
  );
  const tone = { in_order: 'badge-ok', reinstated: 'badge-ok', warned: 'badge-warn', suspended: 'badge-err' };
  return (
    <section className="panel" aria-labelledby="ins-compliance">
      <h2 id="ins-compliance">{t('institutions.compliance')}</h2>
      <ErrorNotice error={c.error} />
      {c.data && (
        <>
          <p>
            <span className={`badge ${tone[c.data.state]}`}>{t(`institutions.state.${c.data.state}`)}</span>{' '}
            {c.data.since && (
              <span className="muted small">
                {t('institutions.since', { date: formatDate(c.data.since, i18n.language) })}
              </span>
            )}
          </p>
          {c.data.reason && <p className="small">{c.data.reason}</p>}
          {c.data.findings.length === 0 ? (
            <p className="muted">{t('institutions.noFindings')}</p>
          ) : (
            <ul className="small">
              {c.data.findings.map((f, i) => (
                <li key={i}>
                  <span className={`badge ${f.severity === 'breach' ? 'badge-err' : 'badge-warn'}`}>
                    {t(`institutions.severity.${f.severity}`)}
                  </span>{' '}
                  {f.message}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function Gates({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const g = useLoad(() => ok(client.GET('/v1/institutions/{id}/gates', { params: { path: { id } } })), [id]);
  const yesNo = (b: boolean) => (b ? t('common.yes') : t('common.no'));
  return (
    <section className="panel" aria-labelledby="ins-gates">
      <h2 id="ins-gates">{t('institutions.gates')}</h2>
      <ErrorNotice error={g.error} />
      {g.data && (
        <dl className="facts">
          <dt>{t('institutions.statement')}</dt>
          <dd>
            {g.data.responsibilityStatement
              ? `${g.data.responsibilityStatement.signatoryName}, ${formatDate(g.data.responsibilityStatement.signedOn, i18n.language)}`
              : t('institutions.missing')}
          </dd>
          <dt>{t('institutions.ndas')}</dt>
          <dd>
            {t('institutions.ndaCount', {
              signed: g.data.operators.filter((o) => o.hasNda).length,
              total: g.data.operators.length,
            })}
          </dd>
          <dt>{t('institutions.clientApps')}</dt>
          <dd>
            {g.data.clientApplications.length === 0 ? (
              t('institutions.none')
            ) : (
              <ul className="plain-list">
                {g.data.clientApplications.map((c) => (
                  <li key={c.id}>
                    {c.name}: {t(`institutions.poc.${c.pocStatus}`)}
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t('institutions.devQuota')}</dt>
          <dd>
            {g.data.developmentQuota}{' '}
            <Link to={`/officer/institutions/${g.data.institutionId}/network`}>
              {t('network.openNetwork')}
            </Link>
          </dd>
          <dt>{t('institutions.allNda')}</dt>
          <dd>{yesNo(g.data.operators.every((o) => o.hasNda))}</dd>
        </dl>
      )}
    </section>
  );
}

function Operators({ id }: { id: string }) {
  const { t } = useTranslation();
  const list = useLoad(
    () => ok(client.GET('/v1/accounts', { params: { query: { institutionId: id } } })),
    [id],
  );
  return (
    <section className="panel" aria-labelledby="ins-operators">
      <h2 id="ins-operators">{t('institutions.accounts')}</h2>
      <ErrorNotice error={list.error} />
      {list.data &&
        (list.data.items.length === 0 ? (
          <p>{t('common.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('institutions.username')}</th>
                  <th scope="col">{t('institutions.fullName')}</th>
                  <th scope="col">{t('institutions.role')}</th>
                  <th scope="col">{t('institutions.dailyQuota')}</th>
                  <th scope="col">{t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <code>{a.username}</code>
                    </th>
                    <td>{a.fullName}</td>
                    <td>{t(`roles.${a.role}`)}</td>
                    <td>{a.dailyQuota ?? t('common.unlimited')}</td>
                    <td>
                      <ActiveBadge active={a.isActive} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

function InstitutionAgreements({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const list = useLoad(
    () => ok(client.GET('/v1/agreements', { params: { query: { institutionId: id } } })),
    [id],
  );
  return (
    <section className="panel" aria-labelledby="ins-agreements">
      <h2 id="ins-agreements">{t('institutions.agreements')}</h2>
      <ErrorNotice error={list.error} />
      {list.data &&
        (list.data.items.length === 0 ? (
          <p>{t('common.empty')}</p>
        ) : (
          <ul className="plain-list">
            {list.data.items.map((a) => (
              <li key={a.id}>
                <Link to={`/officer/agreements/${a.id}`}>{a.registryNumber}</Link>{' '}
                <AgreementBadge status={a.status} />{' '}
                <span className="muted small">
                  {formatDate(a.startDate, i18n.language)} – {formatDate(a.endDate, i18n.language)} ·{' '}
                  <ExpiryText endDate={a.endDate} status={a.status} />
                </span>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { useMe } from '../../session.tsx';
import { may, tokens, useAction } from './lifecycle.shared.tsx';
import type { Institution, Office } from './lifecycle.types.ts';

/** The institutions in the officer's area, and registering a new one. */
export function Institutions() {
  const { t } = useTranslation();
  const me = useMe();
  const list = useLoad(() => ok(client.GET('/v1/institutions')), []);
  const offices = useLoad(() => ok(client.GET('/v1/offices')), []);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Institution | null>(null);
  const officeName = (id: string) => offices.data?.items.find((o) => o.id === id)?.name ?? id;
  return (
    <Page
      title={t('institutions.title')}
      actions={
        may.write(me.role) &&
        !creating && (
          <button type="button" onClick={() => setCreating(true)}>
            {t('institutions.new')}
          </button>
        )
      }
    >
      {creating && (
        <CreateInstitution
          offices={offices.data?.items ?? []}
          onCancel={() => setCreating(false)}
          onCreated={(i) => {
            setCreating(false);
            setCreated(i);
            list.reload();
          }}
        />
      )}
      {created && (
        <Notice kind="ok">
          {t('institutions.created')} <Link to={`/officer/institutions/${created.id}`}>{created.name}</Link>
        </Notice>
      )}
      <ErrorNotice error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data &&
        (list.data.items.length === 0 ? (
          <p>{t('common.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <caption>{t('institutions.count', { count: list.data.items.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('institutions.name')}</th>
                  <th scope="col">{t('institutions.code')}</th>
                  <th scope="col">{t('officerCommon.office')}</th>
                  <th scope="col">{t('common.status')}</th>
                  <th scope="col">{t('officerCommon.networks')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((i) => (
                  <tr key={i.id} data-institution={i.code}>
                    <th scope="row">
                      <Link to={`/officer/institutions/${i.id}`}>{i.name}</Link>
                    </th>
                    <td>
                      <code>{i.code}</code>
                    </td>
                    <td className="small">{officeName(i.officeId)}</td>
                    <td>
                      <ActiveBadge active={i.isActive} />
                    </td>
                    <td className="small">
                      {i.allowedNetworks.length === 0 ? (
                        <span className="muted">{t('institutions.noNetworks')}</span>
                      ) : (
                        i.allowedNetworks.map((n) => (
                          <code key={n} className="net">
                            {n}
                          </code>
                        ))
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </Page>
  );
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${active ? 'badge-ok' : 'badge-err'}`}>
      {active ? t('institutions.active') : t('institutions.inactive')}
    </span>
  );
}

function CreateInstitution({
  offices,
  onCancel,
  onCreated,
}: {
  offices: Office[];
  onCancel: () => void;
  onCreated: (i: Institution) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [officeId, setOfficeId] = useState(me.officeId ?? '');
  const [networks, setNetworks] = useState('');
  const action = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    let made: Institution | undefined;
    const done = await action.run(async () => {
      made = await ok(
        client.POST('/v1/institutions', {
          body: { code: code.trim(), name, officeId, allowedNetworks: tokens(networks) },
        }),
      );
    });
    if (done && made) onCreated(made);
  }
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-institution">
      <h2 id="new-institution">{t('institutions.new')}</h2>
      <div className="grid">
        <Field id="ins-code" label={t('institutions.code')} hint={t('institutions.codeHint')}>
          <input
            id="ins-code"
            required
            pattern="[A-Za-z0-9_\-]{2,64}"
            aria-describedby="ins-code-hint"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </Field>
        <Field id="ins-name" label={t('institutions.name')}>
          <input
            id="ins-name"
            required
            minLength={3}
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field id="ins-office" label={t('officerCommon.office')}>
          <select id="ins-office" required value={officeId} onChange={(e) => setOfficeId(e.target.value)}>
            <option value="">{t('institutions.chooseOffice')}</option>
            {offices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="ins-networks" label={t('officerCommon.networks')} hint={t('officerCommon.networksHint')}>
          <textarea
            id="ins-networks"
            aria-describedby="ins-networks-hint"
            value={networks}
            onChange={(e) => setNetworks(e.target.value)}
          />
        </Field>
      </div>
      <ErrorNotice
        error={action.error}
        fields={{
          '/code': t('institutions.code'),
          '/name': t('institutions.name'),
          '/officeId': t('officerCommon.office'),
          '/allowedNetworks': t('officerCommon.networks'),
        }}
      />
      <div className="actions">
        <button type="submit" disabled={action.busy}>
          {action.busy ? t('officerCommon.busy') : t('institutions.create')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

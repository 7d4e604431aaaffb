import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Field, Notice, useLoad } from '../../components/ui.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import type { ElementInfo } from '../../elements.ts';
import { useMe } from '../../session.tsx';
import { wibToday } from '../../days.ts';
import { may, useAction } from './lifecycle.shared.tsx';
import {
  ACCESS_METHODS,
  type Agreement,
  type AgreementVersion,
  type ExtensionRequest,
} from './lifecycle.types.ts';
import { termsBody, TermsFields, termsFieldNames, termsStateOf } from './TermsFields.tsx';

const at = (a: Agreement) => ({ params: { path: { id: a.id } } });

/** The steps an agreement's state allows: sign a draft, activate a signed one, amend, terminate or revoke. */
export function AgreementActions({
  agreement: a,
  current,
  elements,
  onChanged,
}: {
  agreement: Agreement;
  /** The terms in force; undefined while the versions load (an amendment starts from them). */
  current: AgreementVersion | null | undefined;
  elements: ElementInfo[] | undefined;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const [amending, setAmending] = useState(false);
  const [ending, setEnding] = useState<'terminate' | 'revoke' | null>(null);
  const activate = useAction();
  if (!may.write(me.role)) return null;
  const live = ['signed', 'active', 'expiring'].includes(a.status);
  const endable = a.status === 'draft' || live;
  if (!endable) return null;
  return (
    <section className="panel" aria-labelledby="agr-actions">
      <h2 id="agr-actions">{t('common.actions')}</h2>
      {a.status === 'draft' && <SignForm agreement={a} onDone={onChanged} />}
      {a.status === 'signed' && (
        <div className="step">
          <p className="muted">{t('agreements.activateHint')}</p>
          <button
            type="button"
            disabled={activate.busy}
            onClick={() =>
              void activate
                .run(() => ok(client.POST('/v1/agreements/{id}/activate', at(a))))
                .then((done) => done && onChanged())
            }
          >
            {activate.busy ? t('officerCommon.busy') : t('agreements.activate')}
          </button>
          <ErrorNotice error={activate.error} />
        </div>
      )}
      <div className="actions">
        {live && !amending && (
          <button
            type="button"
            className="secondary"
            disabled={current === undefined}
            onClick={() => setAmending(true)}
          >
            {t('agreements.amend')}
          </button>
        )}
        {ending === null && (
          <>
            <button type="button" className="secondary" onClick={() => setEnding('terminate')}>
              {t('agreements.terminate')}
            </button>
            <button type="button" className="danger" onClick={() => setEnding('revoke')}>
              {t('agreements.revoke')}
            </button>
          </>
        )}
      </div>
      {amending && (
        <AmendForm
          agreement={a}
          current={current ?? null}
          elements={elements}
          onCancel={() => setAmending(false)}
          onDone={() => {
            setAmending(false);
            onChanged();
          }}
        />
      )}
      {ending && <EndForm agreement={a} verb={ending} onCancel={() => setEnding(null)} onDone={onChanged} />}
    </section>
  );
}

function SignForm({ agreement: a, onDone }: { agreement: Agreement; onDone: () => void }) {
  const { t } = useTranslation();
  const [signedOn, setSignedOn] = useState(wibToday());
  const [signedPlace, setSignedPlace] = useState('');
  const action = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (
      await action.run(() =>
        ok(client.POST('/v1/agreements/{id}/sign', { ...at(a), body: { signedOn, signedPlace } })),
      )
    )
      onDone();
  }
  return (
    <form onSubmit={submit} aria-labelledby="sign-title" className="step">
      <h3 id="sign-title">{t('agreements.signTitle')}</h3>
      <div className="inline-form">
        <Field id="sign-date" label={t('agreements.signedOn')}>
          <input
            id="sign-date"
            type="date"
            required
            max={wibToday()}
            value={signedOn}
            onChange={(e) => setSignedOn(e.target.value)}
          />
        </Field>
        <Field id="sign-place" label={t('agreements.signedPlace')}>
          <input
            id="sign-place"
            required
            minLength={2}
            maxLength={200}
            value={signedPlace}
            onChange={(e) => setSignedPlace(e.target.value)}
          />
        </Field>
        <button type="submit" disabled={action.busy || signedPlace.trim().length < 2}>
          {action.busy ? t('officerCommon.busy') : t('agreements.sign')}
        </button>
      </div>
      <ErrorNotice
        error={action.error}
        fields={{ '/signedOn': t('agreements.signedOn'), '/signedPlace': t('agreements.signedPlace') }}
      />
    </form>
  );
}

function AmendForm({
  agreement: a,
  current,
  elements,
  onCancel,
  onDone,
}: {
  agreement: Agreement;
  current: AgreementVersion | null;
  elements: ElementInfo[] | undefined;
  onCancel: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const base = current ?? { elements: a.elements, methods: a.methods };
  const [terms, setTerms] = useState(() => termsStateOf(base));
  const [reason, setReason] = useState('');
  const [endDate, setEndDate] = useState('');
  const action = useAction();
  // Only the central office widens the elements or methods; an office chooses among the current ones.
  const wide = may.decide(me.role);
  const elementChoices = wide && elements ? elements.map((e) => e.code) : base.elements;
  const methodChoices = wide ? [...ACCESS_METHODS] : base.methods;
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = { reason, terms: { ...termsBody(terms), ...(endDate ? { endDate } : {}) } };
    if (await action.run(() => ok(client.POST('/v1/agreements/{id}/amendments', { ...at(a), body }))))
      onDone();
  }
  return (
    <form onSubmit={submit} aria-labelledby="amend-title" className="step">
      <h3 id="amend-title">{t('agreements.amendTitle')}</h3>
      <p className="muted small">
        {wide ? t('agreements.amendHintCentral') : t('agreements.amendHintOffice')}
      </p>
      <Field id="amend-reason" label={t('agreements.reason')}>
        <textarea
          id="amend-reason"
          required
          minLength={3}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Field>
      <TermsFields
        idPrefix="amend"
        value={terms}
        onChange={setTerms}
        elementChoices={elementChoices}
        methodChoices={methodChoices}
        elements={elements}
      />
      <Field id="amend-end" label={t('agreements.endDate')} hint={t('agreements.endDateHint')}>
        <input
          id="amend-end"
          type="date"
          aria-describedby="amend-end-hint"
          value={endDate}
          onChange={(e) => setEndDate(e.target.value)}
        />
      </Field>
      <ErrorNotice
        error={action.error}
        fields={{
          '/reason': t('agreements.reason'),
          '/terms/endDate': t('agreements.endDate'),
          ...termsFieldNames(t),
        }}
      />
      <div className="actions">
        <button
          type="submit"
          disabled={action.busy || reason.trim().length < 3 || terms.elements.length === 0}
        >
          {action.busy ? t('officerCommon.busy') : t('agreements.saveAmendment')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Terminate or revoke: a reason, then an explicit confirmation, since access ends at once. */
function EndForm({
  agreement: a,
  verb,
  onCancel,
  onDone,
}: {
  agreement: Agreement;
  verb: 'terminate' | 'revoke';
  onCancel: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const action = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const call = { ...at(a), body: { reason } };
    if (
      await action.run(() =>
        ok(
          verb === 'terminate'
            ? client.POST('/v1/agreements/{id}/terminate', call)
            : client.POST('/v1/agreements/{id}/revoke', call),
        ),
      )
    )
      onDone();
  }
  return (
    <form onSubmit={submit} aria-labelledby="end-title" className="step danger-zone">
      <h3 id="end-title">{t(`agreements.${verb}Title`)}</h3>
      <Notice kind="warn">{t(`agreements.${verb}Warning`)}</Notice>
      <Field id="end-reason" label={t(`agreements.${verb}Reason`)}>
        <textarea
          id="end-reason"
          required
          minLength={3}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Field>
      <label className="check">
        <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />{' '}
        {t(`agreements.${verb}Confirm`, { number: a.registryNumber })}
      </label>
      <ErrorNotice error={action.error} fields={{ '/reason': t(`agreements.${verb}Reason`) }} />
      <div className="actions">
        <button
          type="submit"
          className="danger"
          disabled={action.busy || !confirmed || reason.trim().length < 3}
        >
          {action.busy ? t('officerCommon.busy') : t(`agreements.${verb}Submit`)}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The institution's extension requests, and the officer's decision on an open one. */
export function Extensions({ agreement: a, onChanged }: { agreement: Agreement; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const list = useLoad(() => ok(client.GET('/v1/agreements/{id}/extension-requests', at(a))), [a.id]);
  const action = useAction();
  const [deciding, setDeciding] = useState<string | null>(null);
  async function decide(r: ExtensionRequest, grant: boolean) {
    setDeciding(r.id);
    const done = await action.run(() =>
      ok(
        client.POST('/v1/agreements/{id}/extension-requests/{requestId}/decision', {
          params: { path: { id: a.id, requestId: r.id } },
          body: { grant },
        }),
      ),
    );
    setDeciding(null);
    if (done) {
      list.reload();
      onChanged();
    }
  }
  return (
    <section className="panel" aria-labelledby="agr-extensions">
      <h2 id="agr-extensions">{t('agreements.extensions')}</h2>
      <ErrorNotice error={list.error ?? action.error} />
      {list.data && list.data.items.length === 0 && <p className="muted">{t('agreements.noExtensions')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('agreements.requestedAt')}</th>
                <th scope="col">{t('agreements.newEndDate')}</th>
                <th scope="col">{t('agreements.reason')}</th>
                <th scope="col">{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <tr key={r.id}>
                  <td className="small">{formatDateTime(r.requestedAt, i18n.language)}</td>
                  <th scope="row">{formatDate(r.newEndDate, i18n.language)}</th>
                  <td>{r.reason}</td>
                  <td>
                    {r.status === 'requested' && may.write(me.role) ? (
                      <div className="actions">
                        <button type="button" disabled={action.busy} onClick={() => void decide(r, true)}>
                          {deciding === r.id && action.busy ? t('officerCommon.busy') : t('agreements.grant')}
                        </button>
                        <button
                          type="button"
                          className="secondary"
                          disabled={action.busy}
                          onClick={() => void decide(r, false)}
                        >
                          {t('agreements.refuse')}
                        </button>
                      </div>
                    ) : (
                      t(`agreements.extensionStatus.${r.status}`)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

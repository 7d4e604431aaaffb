import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok, type RequestBody } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { wibToday } from '../../days.ts';
import { formatMonth, formatRupiah } from '../../format.ts';
import { useMe } from '../../session.tsx';
import { BalancePanel, StatementPanel } from '../institution/Fees.tsx';
import { useAction } from './lifecycle.shared.tsx';

type FeeClass = RequestBody<'/v1/fees/institutions/{id}/class', 'patch'>['feeClass'];

function monthsBack(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) - n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** The registry's fee screen: revenue, institutions' balances, deposits (finance officer), classification. */
export function Fees() {
  const { t, i18n } = useTranslation();
  const rp = (n: number) => formatRupiah(n, i18n.language);
  const thisMonth = wibToday().slice(0, 7);
  const [from, setFrom] = useState(monthsBack(thisMonth, 5));
  const [to, setTo] = useState(thisMonth);
  const revenue = useLoad(
    () => ok(client.GET('/v1/fees/revenue', { params: { query: { from, to } } })),
    [from, to],
  );
  const list = useLoad(() => ok(client.GET('/v1/fees/institutions')), []);
  const [chosen, setChosen] = useState('');
  return (
    <Page title={t('fees.registryTitle')}>
      <p className="muted">{t('fees.basis')}</p>
      <section className="panel" aria-labelledby="revenue-title">
        <h2 id="revenue-title">{t('fees.revenue')}</h2>
        <div className="grid">
          <label>
            {t('fees.from')}{' '}
            <input
              type="month"
              value={from}
              max={to}
              onChange={(e) => e.target.value && setFrom(e.target.value)}
            />
          </label>
          <label>
            {t('fees.to')}{' '}
            <input
              type="month"
              value={to}
              min={from}
              onChange={(e) => e.target.value && setTo(e.target.value)}
            />
          </label>
        </div>
        <ErrorNotice error={revenue.error} />
        {revenue.loading && !revenue.data && <Loading />}
        {revenue.data && (
          <>
            <p data-testid="revenue-total">
              {t('fees.total')}: <strong>{rp(revenue.data.totalRupiah)}</strong>
            </p>
            <table>
              <caption>{t('fees.byMonth')}</caption>
              <tbody>
                {revenue.data.byMonth.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{formatMonth(m.month, i18n.language)}</th>
                    <td>{m.accesses}</td>
                    <td>{rp(m.rupiah)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table>
              <caption>{t('fees.byOffice')}</caption>
              <tbody>
                {revenue.data.byOffice.map((o) => (
                  <tr key={o.officeId}>
                    <th scope="row">{o.officeName}</th>
                    <td>{o.accesses}</td>
                    <td>{rp(o.rupiah)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table>
              <caption>{t('fees.byInstitution')}</caption>
              <tbody>
                {revenue.data.rows.map((r) => (
                  <tr key={`${r.month}|${r.institutionId}`}>
                    <td>{formatMonth(r.month, i18n.language)}</td>
                    <th scope="row">{r.institutionName}</th>
                    <td>{r.accesses}</td>
                    <td>{rp(r.rupiah)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="fee-institutions">
        <h2 id="fee-institutions">{t('fees.institution')}</h2>
        <ErrorNotice error={list.error} />
        <label>
          {t('fees.pick')}{' '}
          <select data-testid="fee-institution" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">—</option>
            {(list.data?.items ?? []).map((i) => (
              <option key={i.institutionId} value={i.institutionId}>
                {i.name} · {t(`fees.class_${i.feeClass}`)}
                {i.feeClass === 'profit_oriented' ? ` · ${rp(i.balanceRupiah)}` : ''}
              </option>
            ))}
          </select>
        </label>
      </section>
      {chosen && <InstitutionFees key={chosen} institutionId={chosen} onChange={list.reload} />}
    </Page>
  );
}

function InstitutionFees({ institutionId, onChange }: { institutionId: string; onChange: () => void }) {
  const me = useMe();
  const balance = useLoad(
    () => ok(client.GET('/v1/fees/institutions/{id}/balance', { params: { path: { id: institutionId } } })),
    [institutionId],
  );
  const changed = () => {
    balance.reload();
    onChange();
  };
  return (
    <>
      <ErrorNotice error={balance.error} />
      {balance.data && <BalancePanel balance={balance.data} />}
      {(me.role === 'central_officer' || me.role === 'office_officer') && balance.data && (
        <ClassForm institutionId={institutionId} current={balance.data.feeClass} onSaved={changed} />
      )}
      {me.role === 'finance_officer' && balance.data?.feeClass === 'profit_oriented' && (
        <DepositForm institutionId={institutionId} onSaved={changed} />
      )}
      {balance.data?.feeClass === 'profit_oriented' && <StatementPanel institutionId={institutionId} />}
    </>
  );
}

function ClassForm(props: { institutionId: string; current: FeeClass; onSaved: () => void }) {
  const { t } = useTranslation();
  const [feeClass, setFeeClass] = useState(props.current);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (
      await action.run(() =>
        ok(
          client.PATCH('/v1/fees/institutions/{id}/class', {
            params: { path: { id: props.institutionId } },
            body: { feeClass },
          }),
        ),
      )
    ) {
      setSaved(true);
      props.onSaved();
    }
  }
  return (
    <form className="panel" onSubmit={submit}>
      <Field id="fee-class" label={t('fees.classLabel')}>
        <select id="fee-class" value={feeClass} onChange={(e) => setFeeClass(e.target.value as FeeClass)}>
          <option value="government">{t('fees.class_government')}</option>
          <option value="profit_oriented">{t('fees.class_profit_oriented')}</option>
        </select>
      </Field>
      <ErrorNotice error={action.error} />
      {saved && <Notice kind="ok">{t('fees.classified')}</Notice>}
      <button type="submit" disabled={action.busy}>
        {t('fees.classify')}
      </button>
    </form>
  );
}

function DepositForm({ institutionId, onSaved }: { institutionId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [paidOn, setPaidOn] = useState(wibToday());
  const [saved, setSaved] = useState('');
  const action = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    const done = await action.run(() =>
      ok(
        client.POST('/v1/fees/institutions/{id}/deposits', {
          params: { path: { id: institutionId } },
          body: { rupiah: Number(amount), paymentReference: reference.trim(), paidOn },
        }),
      ),
    );
    if (done) {
      setSaved(reference.trim());
      setAmount('');
      setReference('');
      onSaved();
    }
  }
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="deposit-title">
      <h2 id="deposit-title">{t('fees.recordDeposit')}</h2>
      <div className="grid">
        <Field id="dep-amount" label={t('fees.amount')}>
          <input
            id="dep-amount"
            required
            inputMode="numeric"
            pattern="[1-9][0-9]*"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </Field>
        <Field id="dep-reference" label={t('fees.reference')}>
          <input
            id="dep-reference"
            required
            pattern="[A-Za-z0-9.\/\-]{4,64}"
            value={reference}
            onChange={(e) => setReference(e.target.value)}
          />
        </Field>
        <Field id="dep-paid" label={t('fees.paidOn')}>
          <input
            id="dep-paid"
            type="date"
            required
            max={wibToday()}
            value={paidOn}
            onChange={(e) => setPaidOn(e.target.value)}
          />
        </Field>
      </div>
      <ErrorNotice
        error={action.error}
        fields={{
          '/rupiah': t('fees.amount'),
          '/paymentReference': t('fees.reference'),
          '/paidOn': t('fees.paidOn'),
        }}
      />
      {saved && <Notice kind="ok">{t('fees.depositSaved', { reference: saved })}</Notice>}
      <button type="submit" disabled={action.busy}>
        {t('fees.recordDeposit')}
      </button>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok, type Answer } from '../../api.ts';
import { ErrorNotice, Field } from '../../components/ui.tsx';
import { OpenTicket } from './OpenTicket.tsx';

type SentRecord = Answer<'/v1/return-data/records'>['items'][number];

/**
 * The institution's own return data of a period (head and admin read it), each row with "Laporkan": a row that
 * contradicts the registry (a recipient deceased, a new address) becomes a data-quality ticket.
 */
export function SentRecords({ agreementId }: { agreementId: string }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState('');
  const [rows, setRows] = useState<SentRecord[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setRows(
        (
          await ok(
            client.GET('/v1/return-data/records', {
              params: {
                query: { agreementId: agreementId || undefined, period: period || undefined, limit: 100 },
              },
            }),
          )
        ).items,
      );
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="panel" data-testid="sent-records">
      <h2>{t('tickets.sentRecords')}</h2>
      <p className="muted small">{t('tickets.sentRecordsHint')}</p>
      <form onSubmit={load} className="row">
        <Field id="sent-period" label={t('tickets.period')}>
          <input
            id="sent-period"
            placeholder="2026-03"
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
          />
        </Field>
        <button type="submit">{t('tickets.show')}</button>
      </form>
      <ErrorNotice error={error} />
      {rows && rows.length === 0 && <p>{t('tickets.empty')}</p>}
      {rows && rows.length > 0 && (
        <ul>
          {rows.map((r) => (
            <li key={`${r.nik}-${r.period}`} data-nik={r.nik}>
              <code>{r.nik}</code> {r.period}:{' '}
              {Object.entries(r.data)
                .map(([k, v]) => `${k} ${String(v)}`)
                .join(', ')}{' '}
              <OpenTicket
                source={{ kind: 'return_data', agreementId: r.agreementId, nik: r.nik, period: r.period }}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

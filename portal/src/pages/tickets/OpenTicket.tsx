import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Field, Notice } from '../../components/ui.tsx';
import { formatDate } from '../../format.ts';
import type { Ticket, TicketSource } from './types.ts';

/**
 * "Laporkan ketidaksesuaian": opens a data-quality ticket from a verification result or a return-data row.
 * Folded until asked for; after sending it says the ticket's number and deadline.
 */
export function OpenTicket({ source, testId }: { source: TicketSource; testId?: string }) {
  const { t, i18n } = useTranslation();
  const [unfolded, setUnfolded] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Ticket | null>(null);
  const key = source.kind === 'verification' ? source.requestId : `${source.nik}-${source.period}`;
  const id = `ticket-${key}`;
  if (done)
    return (
      <Notice kind="ok">
        {t('tickets.opened', { id: done.id, deadline: formatDate(done.deadline, i18n.language) })}
      </Notice>
    );
  if (!unfolded)
    return (
      <button type="button" className="secondary" data-testid={testId} onClick={() => setUnfolded(true)}>
        {t('tickets.open')}
      </button>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setDone(
        await ok(client.POST('/v1/data-quality-tickets', { body: { source, description: text.trim() } })),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="panel">
      <p className="muted small">{t('tickets.openHint')}</p>
      <Field id={id} label={t('tickets.description')}>
        <textarea
          id={id}
          rows={3}
          minLength={10}
          maxLength={1000}
          required
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </Field>
      <ErrorNotice error={error} />
      <div className="row">
        <button type="submit" disabled={busy || text.trim().length < 10}>
          {t('tickets.submit')}
        </button>
        <button type="button" className="secondary" onClick={() => setUnfolded(false)}>
          {t('tickets.cancel')}
        </button>
      </div>
    </form>
  );
}

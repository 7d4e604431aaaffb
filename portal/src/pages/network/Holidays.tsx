import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Field, Loading, Notice, Page, useLoad } from '../../components/ui.tsx';
import { formatDate } from '../../format.ts';
import { useMe } from '../../session.tsx';
import { useSavingAction } from './shared.tsx';

/**
 * Public holidays and collective leave days (not working days for working-day deadlines): every officer reads
 * them; the central office adds and removes.
 */
export function Holidays() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const { data, error, loading, reload } = useLoad(
    () => ok(client.GET('/v1/holidays', { params: { query: { year } } })),
    [year],
  );
  const [day, setDay] = useState('');
  const [name, setName] = useState('');
  const { act, error: actionError, done } = useSavingAction(reload);
  const canEdit = me.role === 'central_officer';

  function add(e: FormEvent) {
    e.preventDefault();
    void act(async () => {
      await ok(client.POST('/v1/holidays', { body: { day, name } }));
      setDay('');
      setName('');
    });
  }

  return (
    <Page title={t('network.holidays.title')}>
      <ErrorNotice error={error} />
      <section className="panel">
        <Field id="holiday-year" label={t('network.holidays.year')}>
          <input
            id="holiday-year"
            type="number"
            min={2000}
            max={2100}
            value={year}
            onChange={(e) => setYear(Number(e.target.value) || new Date().getFullYear())}
          />
        </Field>
        {loading && !data && <Loading />}
        {data &&
          (data.items.length === 0 ? (
            <p>{t('network.none')}</p>
          ) : (
            <ul className="plain-list">
              {data.items.map((h) => (
                <li key={h.day} data-day={h.day}>
                  {formatDate(h.day, i18n.language)} — {h.name}{' '}
                  {canEdit && (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() =>
                        void act(() =>
                          ok(client.DELETE('/v1/holidays/{day}', { params: { path: { day: h.day } } })),
                        )
                      }
                    >
                      {t('network.holidays.remove')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          ))}
      </section>
      {canEdit && (
        <section className="panel" aria-labelledby="holiday-add">
          <h2 id="holiday-add">{t('network.holidays.add')}</h2>
          <form onSubmit={add} className="stack">
            <Field id="holiday-day" label={t('network.holidays.day')}>
              <input
                id="holiday-day"
                type="date"
                value={day}
                onChange={(e) => setDay(e.target.value)}
                required
              />
            </Field>
            <Field id="holiday-name" label={t('network.holidays.name')}>
              <input id="holiday-name" value={name} onChange={(e) => setName(e.target.value)} required />
            </Field>
            <ErrorNotice
              error={actionError}
              fields={{ '/day': t('network.holidays.day'), '/name': t('network.holidays.name') }}
            />
            {done && <Notice kind="ok">{t('network.saved')}</Notice>}
            <button type="submit">{t('network.holidays.add')}</button>
          </form>
        </section>
      )}
    </Page>
  );
}

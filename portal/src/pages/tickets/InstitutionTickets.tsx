import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Loading, Page, useLoad } from '../../components/ui.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { StateBadge } from './StateBadge.tsx';

/**
 * The institution's own tickets (operators, head, admin): the state, the deadline and the office's note — never
 * which office holds the record nor anything else about the person.
 */
export function InstitutionTickets() {
  const { t, i18n } = useTranslation();
  const list = useLoad(() => ok(client.GET('/v1/data-quality-tickets')), []);
  return (
    <Page title={t('tickets.title')}>
      <p className="muted">{t('tickets.intro')}</p>
      <ErrorNotice error={list.error} />
      {list.loading && <Loading />}
      {list.data && list.data.items.length === 0 && <p>{t('tickets.empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul className="plain-list" data-testid="my-tickets">
          {list.data.items.map((x) => (
            <li key={x.id} className="panel" data-ticket={x.id}>
              <p>
                <strong>{x.id}</strong> <StateBadge state={x.state} overdue={x.overdue} />
              </p>
              <p className="small">
                {t(`tickets.source_${x.source.kind}`)}
                {x.source.period ? ` (${x.source.period})` : ''} · NIK {x.nik} · {t('tickets.openedAt')}{' '}
                {formatDateTime(x.openedAt, i18n.language)} · {t('tickets.deadline')}{' '}
                {formatDate(x.deadline, i18n.language)}
              </p>
              <p>{x.description}</p>
              {x.officeNote && (
                <p data-testid="office-note">
                  <strong>{t('tickets.officeNote')}:</strong> {x.officeNote}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

import { useTranslation } from 'react-i18next';
import type { TicketState } from './types.ts';

const KIND: Record<TicketState, string> = {
  open: 'badge-warn',
  in_review: 'badge-warn',
  corrected: 'badge-ok',
  rejected: 'badge-err',
};

export function StateBadge({ state, overdue }: { state: TicketState; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${KIND[state]}`} data-state={state}>
      {t(`tickets.state.${state}`)}
      {overdue ? ` — ${t('tickets.overdue')}` : ''}
    </span>
  );
}

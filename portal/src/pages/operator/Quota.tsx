import { useTranslation } from 'react-i18next';
import type { Me } from '../../session.tsx';

export function QuotaBadge({ quota }: { quota: Me['quota'] }) {
  const { t } = useTranslation();
  const left = quota.limit === null ? null : Math.max(0, quota.limit - quota.used);
  return (
    <aside className="quota" aria-label={t('quota.title')} data-testid="quota">
      <span className="muted">{t('quota.title')}</span>
      <strong>
        {left === null
          ? t('quota.unlimited', { used: quota.used })
          : t('quota.left', { left, limit: quota.limit })}
      </strong>
      {quota.limit !== null && quota.limit > 0 && (
        <meter
          min={0}
          max={quota.limit}
          value={quota.used}
          low={quota.limit * 0.7}
          high={quota.limit * 0.9}
        />
      )}
    </aside>
  );
}

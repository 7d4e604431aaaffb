import { useTranslation } from 'react-i18next';
import { client, ok } from '../../api.ts';
import { ErrorNotice, Loading, Page, useLoad } from '../../components/ui.tsx';
import { useMe } from '../../session.tsx';
import { EvaluationCard } from '../reports.shared.tsx';

/** The managing office's evaluations of the institution, newest first (read-only). */
export function Evaluations() {
  const { t } = useTranslation();
  const me = useMe();
  const list = useLoad(() => ok(client.GET('/v1/evaluations')).then((r) => r.items), [me.institutionId]);
  return (
    <Page title={t('evaluationsView.institutionTitle')}>
      <p className="muted">{t('evaluationsView.institutionIntro')}</p>
      <ErrorNotice error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data?.length === 0 && <p>{t('evaluationsView.none')}</p>}
      {list.data?.map((e) => (
        <EvaluationCard key={e.id} evaluation={e} />
      ))}
    </Page>
  );
}

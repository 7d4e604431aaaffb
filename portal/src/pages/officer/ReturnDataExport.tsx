import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download, qs } from '../../api.ts';
import { ErrorNotice, Field, Progress } from '../../components/ui.tsx';

/**
 * The officers' export of an agreement's return data (optionally one period): XLSX for Excel (NIKs as text
 * cells), CSV for programs. The server keeps to the officer's area.
 */
export function ReturnDataExport({ agreementId }: { agreementId: string }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState('');
  const [received, setReceived] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const get = (ext: 'csv' | 'xlsx') => async () => {
    setError(null);
    setReceived(0);
    try {
      await download(
        `/v1/return-data/records/export.${ext}${qs({ agreementId, period, excel: ext === 'csv' ? 'true' : undefined })}`,
        `data-balikan.${ext}`,
        (n) => setReceived(n),
      );
    } catch (e) {
      setError(e);
    } finally {
      setReceived(null);
    }
  };
  return (
    <section className="panel" data-testid="rd-export">
      <h2>{t('returnDataExport.title')}</h2>
      <p className="muted small">{t('returnDataExport.hint')}</p>
      <Field id="rdx-period" label={t('returnDataExport.period')} hint="TTTT-BB / TTTT-S1">
        <input id="rdx-period" value={period} onChange={(e) => setPeriod(e.target.value)} />
      </Field>
      <div className="actions">
        <button type="button" onClick={get('xlsx')} disabled={received !== null}>
          {t('returnDataExport.xlsx')}
        </button>
        <button type="button" className="secondary" onClick={get('csv')} disabled={received !== null}>
          {t('returnDataExport.csv')}
        </button>
      </div>
      {received !== null && <Progress label={t('returnDataExport.downloading')} />}
      <ErrorNotice error={error} />
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { ApiFailure } from '../../api.ts';

const GOOD = new Set(['FOUND']);

/** The answer about a NIK or the refusal of the caller, in the wording users know; the server's otherwise. */
export function OutcomeBanner({ code, message }: { code: string; message: string }) {
  const { t, i18n } = useTranslation();
  const text = i18n.exists(`outcomes.${code}`) ? t(`outcomes.${code}`) : message;
  return (
    <div
      role="status"
      aria-live="polite"
      data-outcome={code}
      className={`notice ${GOOD.has(code) ? 'notice-ok' : 'notice-warn'} outcome`}
    >
      <strong>{text}</strong>
    </div>
  );
}

/** A refused request as an outcome: a NIK the API's schema rejects is the NIK-format answer users know. */
export function refusalOf(error: unknown): { code: string; message: string } | null {
  if (!(error instanceof ApiFailure)) return null;
  if (error.code === 'VALIDATION_FAILED' && error.details?.some((d) => d.path.startsWith('/nik'))) {
    return { code: 'NIK_INVALID_FORMAT', message: error.message };
  }
  if (['UNAUTHENTICATED', 'CSRF_FAILED', 'NETWORK', 'INTERNAL', 'VALIDATION_FAILED'].includes(error.code))
    return null;
  return { code: error.code, message: error.message };
}

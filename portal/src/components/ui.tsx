import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure } from '../api.ts';
import { describeError } from '../errors.ts';

/** An error in the user's language (errors.ts): the code's text, the fields at fault, the request ID to quote. */
export function ErrorNotice({ error, fields = {} }: { error: unknown; fields?: Record<string, string> }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const text = describeError(error, t, (key) => i18n.exists(key), fields);
  const requestId = error instanceof ApiFailure ? error.requestId : undefined;
  return (
    <div role="alert" className="notice notice-error">
      <p>{text.headline}</p>
      {text.serverText && <p className="muted">{text.serverText}</p>}
      {text.fields.length > 0 && (
        <ul>
          {text.fields.map((x) => (
            <li key={`${x.field}|${x.problem ?? ''}`}>
              {x.field}
              {x.problem && `: ${x.problem}`}
            </li>
          ))}
        </ul>
      )}
      {requestId && (
        <p className="muted small">
          {t('common.requestId')}: <code>{requestId}</code>
        </p>
      )}
    </div>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'ok' | 'warn'; children: ReactNode }) {
  return (
    <div role="status" className={`notice notice-${kind}`}>
      {children}
    </div>
  );
}

export function Field({
  label,
  hint,
  children,
  id,
}: {
  label: string;
  hint?: string;
  id: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" aria-live="polite" className="muted">
      {t('common.loading')}
    </p>
  );
}

/** Loads data for a screen; `reload()` fetches again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}

/** A page's heading and body; the heading takes focus on arrival so screen readers announce the page. */
export function Page({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** A progress bar for long operations (an export); `value` undefined shows an indeterminate bar. */
export function Progress({ label, value, max }: { label: string; value?: number; max?: number }) {
  return (
    <div className="progress">
      <label>
        {label}
        <progress value={value} max={max} aria-label={label} />
      </label>
    </div>
  );
}

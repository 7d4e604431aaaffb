import type { TFunction } from 'i18next';
import { ApiFailure } from './api.ts';

/** One field at fault: the field's label, and what is wrong with it in the user's language when known. */
export interface FaultyField {
  field: string;
  problem: string | null;
}

export interface ErrorText {
  headline: string;
  /** The server's own words, shown only where the dictionaries have none for the error's code. */
  serverText: string | null;
  fields: FaultyField[];
}

/**
 * An API error in the user's language, by code: the error's code picks the headline (`errors.<CODE>`), and a
 * detail that carries a code (`details[].code`) is said with `errors.detail.<code>`. The server's English
 * prose is shown only when the portal has no words for a code, or for the generic `VALIDATION_FAILED` and
 * `CONFLICT` (a schema failure whose details are not all explained, a unique value taken). A business rule
 * has its specific code (issue 18), whose words the dictionaries take from the API's table
 * (src/core/error-codes.ts): a code added there is said in the user's language with no change here.
 */
export function describeError(
  error: unknown,
  t: TFunction,
  exists: (key: string) => boolean,
  labels: Record<string, string> = {},
): ErrorText {
  const f = error instanceof ApiFailure ? error : new ApiFailure(0, 'unknown', String(error));
  const known = exists(`errors.${f.code}`);
  const headline = known ? t(`errors.${f.code}`) : t('errors.unknown', { code: f.code });
  const fields: FaultyField[] = [];
  let unexplained = false;
  for (const d of f.details ?? []) {
    const path = d.path ?? '';
    const field =
      labels[path] ?? labels[path.replace(/^\/?/, '/').split('/').slice(0, 3).join('/')] ?? (path || '–');
    const problem = d.code && exists(`errors.detail.${d.code}`) ? t(`errors.detail.${d.code}`) : null;
    if (!problem) unexplained = true;
    if (!fields.some((x) => x.field === field && x.problem === problem)) fields.push({ field, problem });
  }
  const generic = f.code === 'VALIDATION_FAILED' || f.code === 'CONFLICT';
  // Field details in the user's words say it all; otherwise the server's text is the only specific one.
  const serverText = !known || (generic && (fields.length === 0 || unexplained)) ? f.message : null;
  return { headline, serverText: serverText === headline ? null : serverText, fields };
}

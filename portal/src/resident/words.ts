import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { client, ok, type Answer } from '../api.ts';

/** A page of the resident's history (GET /v1/resident/history): names of elements, never values. */
export type HistoryPage = Answer<'/v1/resident/history'>;
/** One access to the resident's data. */
export type HistoryRecord = HistoryPage['items'][number];

/** The access method in words (web service, portal, card reader). */
export function methodWords(t: TFunction, method: string): string {
  return ['verification', 'portal', 'card_reader'].includes(method)
    ? t(`resident.method.${method}`)
    : t('resident.method.other', { method });
}

// The answers drawn from the register about the NIK; anything else was refused before any data left.
const ANSWERED = new Set(['found', 'deceased', 'duplicate', 'inactive']);

/** The outcome in words: data given, NIK not found, or refused (with the reason people understand). */
export function outcomeWords(t: TFunction, exists: (key: string) => boolean, outcome: string): string {
  if (ANSWERED.has(outcome)) return t('resident.outcome.answered');
  if (outcome === 'not_found') return t('resident.outcome.notFound');
  const key = `resident.outcome.reasons.${outcome}`;
  return exists(key)
    ? t('resident.outcome.refusedBecause', { reason: t(key) })
    : t('resident.outcome.refused');
}

export const isRefused = (outcome: string) => !ANSWERED.has(outcome) && outcome !== 'not_found';

let labels: Promise<Map<string, string>> | null = null;

/** The elements' Indonesian labels (GET /v1/resident/elements), read once; codes show until they arrive. */
export function useElementLabels(): (code: string) => string {
  const [map, setMap] = useState<Map<string, string>>();
  useEffect(() => {
    labels ??= ok(client.GET('/v1/resident/elements')).then(
      (r) => new Map(r.items.map((e) => [e.code, e.label])),
      (e: unknown) => {
        labels = null;
        throw e;
      },
    );
    labels.then(setMap, () => undefined);
  }, []);
  return (code) => map?.get(code) ?? code;
}

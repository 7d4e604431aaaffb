import { useEffect, useState } from 'react';
import { client, ok, type Answer } from './api.ts';

/** One data element of the master list (GET /v1/elements). */
export type ElementInfo = Answer<'/v1/elements'>['items'][number];

let cached: Promise<ElementInfo[]> | null = null;

/** The master list of data elements (codes and the Indonesian labels users know), read once per page load. */
export function loadElements(): Promise<ElementInfo[]> {
  cached ??= ok(client.GET('/v1/elements')).then(
    (r) => r.items,
    (e: unknown) => {
      cached = null;
      throw e;
    },
  );
  return cached;
}

export function labelOf(elements: ElementInfo[] | undefined, code: string): string {
  return elements?.find((e) => e.code === code)?.label ?? code;
}

/** The master list for a screen: undefined until it has loaded (labels fall back to the codes meanwhile). */
export function useElements(): ElementInfo[] | undefined {
  const [elements, setElements] = useState<ElementInfo[]>();
  useEffect(() => {
    loadElements().then(setElements, () => undefined);
  }, []);
  return elements;
}

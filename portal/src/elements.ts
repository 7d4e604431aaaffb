import { useEffect, useState } from 'react';
import { get } from './api.ts';

export interface ElementInfo {
  code: string;
  label: string;
  kind: string;
  verifiable: boolean;
}

let cached: Promise<ElementInfo[]> | null = null;

/** The master list of data elements (codes and the Indonesian labels users know), read once per page load. */
export function loadElements(): Promise<ElementInfo[]> {
  cached ??= get<{ items: ElementInfo[] }>('/v1/elements').then(
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

import type { TFunction } from 'i18next';

/** An audit outcome name (snake_case, as stored) in the user's words: its code's entry in `outcomes`. */
export function outcomeText(t: TFunction, outcome: string): string {
  return t(`outcomes.${outcome.toUpperCase()}`, { defaultValue: outcome });
}

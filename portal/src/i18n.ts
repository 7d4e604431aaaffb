import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './locales/common.ts';
import { operator } from './locales/operator.ts';
import { institution } from './locales/institution.ts';
import { officer } from './locales/officer.ts';
import { oversight } from './locales/oversight.ts';
import { fees } from './locales/fees.ts';
import { network } from './locales/network.ts';
import { obligations } from './locales/obligations.ts';
import { readers } from './locales/readers.ts';
import { disputes } from './locales/disputes.ts';
import { reports } from './locales/reports.ts';
import { resident } from './locales/resident.ts';
import { tickets } from './locales/tickets.ts';

/** Every dictionary of the portal; each is `{ id, en }` with the same keys. */
export const DICTIONARIES = {
  common,
  operator,
  institution,
  officer,
  oversight,
  fees,
  network,
  obligations,
  readers,
  disputes,
  reports,
  resident,
  tickets,
};
export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'gerbang.language';

function merged(lang: Language): Record<string, unknown> {
  return Object.assign({}, ...Object.values(DICTIONARIES).map((d) => d[lang]));
}

export function initialLanguage(): Language {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'id';
}

export function setLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

void i18next.use(initReactI18next).init({
  resources: { id: { translation: merged('id') }, en: { translation: merged('en') } },
  lng: initialLanguage(),
  fallbackLng: 'id',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18next;

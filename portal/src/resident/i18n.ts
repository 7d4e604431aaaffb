import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from '../locales/common.ts';
import { resident } from '../locales/resident.ts';

/**
 * The resident portal's own i18next: the shared words and the resident's dictionary only, so the page loads
 * none of the officers' and institutions' screens or strings. The language choice is the portal's
 * (`gerbang.language`), so a switch holds across both.
 */
const STORAGE_KEY = 'gerbang.language';
export type Language = 'id' | 'en';

export function initialLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
}

export function setLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

void i18next.use(initReactI18next).init({
  resources: {
    id: { translation: { ...common.id, ...resident.id } },
    en: { translation: { ...common.en, ...resident.en } },
  },
  lng: initialLanguage(),
  fallbackLng: 'id',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18next;

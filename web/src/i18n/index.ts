import i18next from 'i18next';
import { es, esNotices } from './es.ts';

/**
 * The UI's languages. The English text is the key (what a translator sees, and what shows if a string has no
 * translation yet); Spanish is a full second language. Dates and numbers follow the chosen language, and the
 * page's `lang` and `dir` follow it too (layouts use logical CSS properties, ready for right-to-left).
 */
export const LOCALES = { en: 'English', es: 'Español' } as const;
export type Locale = keyof typeof LOCALES;
const STORAGE = 'harborline:locale';

const isLocale = (l: unknown): l is Locale => typeof l === 'string' && l in LOCALES;
function initial(): Locale {
  const saved = localStorage.getItem(STORAGE);
  if (isLocale(saved)) return saved;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('es')) ? 'es' : 'en';
}

void i18next.init({
  lng: initial(),
  fallbackLng: 'en',
  resources: { en: { translation: {} }, es: { translation: es } },
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  returnEmptyString: false,
  initAsync: false,
});

function applyToDocument(): void {
  document.documentElement.lang = i18next.language;
  document.documentElement.dir = i18next.dir(i18next.language);
}
applyToDocument();

/** Translates an English UI text (with {{placeholders}}) into the chosen language. */
export const t = (text: string, values: Record<string, string | number> = {}): string => String(i18next.t(text, values));

export const locale = (): Locale => (isLocale(i18next.language) ? i18next.language : 'en');

/** Switches the language (remembered in this browser; the app also saves it to the account). */
export function setLocale(next: Locale): void {
  if (next === locale()) return;
  localStorage.setItem(STORAGE, next);
  void i18next.changeLanguage(next);
  applyToDocument();
}

export const onLocaleChange = (fn: () => void) => {
  i18next.on('languageChanged', fn);
  return () => i18next.off('languageChanged', fn);
};

/** Dates, times and numbers as the chosen language writes them. */
export const formatDateTime = (d: Date | string | number) => new Date(d).toLocaleString(locale());
export const formatDate = (d: Date | string | number) => new Date(d).toLocaleDateString(locale());
export const formatTime = (d: Date | string | number, options?: Intl.DateTimeFormatOptions) =>
  new Date(d).toLocaleTimeString(locale(), options);
export const formatNumber = (n: number) => n.toLocaleString(locale());

/** A notification title (written by the server in English) in the chosen language, when its pattern is known. */
export function translateNotice(title: string): string {
  if (locale() !== 'es') return title;
  for (const [pattern, spanish] of esNotices) if (pattern.test(title)) return title.replace(pattern, spanish);
  return title;
}

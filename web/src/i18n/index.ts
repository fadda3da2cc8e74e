import i18next from 'i18next';
import { CATEGORY_LABELS, ERROR_MEANINGS } from '../api/enums.gen.ts';
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
export const t = (text: string, values: Record<string, string | number | null | undefined> = {}): string =>
  String(i18next.t(text, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v ?? '']))));

/** A text with a count in it: the first form for one, the second for any other number ({{count}} is the number). */
export const tn = (one: string, other: string, count: number, values: Record<string, string | number | null | undefined> = {}): string =>
  t(count === 1 ? one : other, { ...values, count });

/** Marks an English text kept in a table made before the language is known; it is translated (t) where it is shown. */
export const msg = <T extends string>(text: T): T => text;

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

/**
 * A server error in the chosen language. The server writes its messages in English; the ones people meet
 * while writing and signing in are said again here from their stable id and details (the identifiers found,
 * the wait), and any other message is shown as the server wrote it.
 */
export function errorMessage(e: { id: string; message: string; details?: Record<string, unknown> }): string {
  if (locale() === 'en') return e.message;
  const categories = Array.isArray(e.details?.categories) ? (e.details.categories as string[]) : [];
  const list = [...new Set(categories.map((c) => t(CATEGORY_LABELS[c] ?? c).toLowerCase()))].join(', ');
  const issues = Array.isArray(e.details?.issues) ? (e.details.issues as { path?: unknown }[]) : [];
  const fields = [...new Set(issues.flatMap((i) => (typeof i.path === 'string' && i.path ? [i.path] : [])))].join(', ');
  const seconds = typeof e.details?.retryAfterSeconds === 'number' ? e.details.retryAfterSeconds : null;
  const known: Record<string, string | undefined> = {
    phi_blocked: t('This contains identifiers that may not be shared here: {{list}}. Remove them and try again.', { list }),
    phi_consent_required: t(
      'Sharing this here ({{list}}) needs a consent from the person it identifies. Attach one or remove the identifiers.',
      {
        list,
      },
    ),
    phi_confirmation_required: t('This may identify someone ({{list}}). Confirm that you want to share it.', { list }),
    rate_limited: seconds === null ? undefined : t('Too many attempts. Try again in {{seconds}} s.', { seconds }),
    unauthorized: t('Sign in first.'),
    invalid_credentials: t('Email or password is wrong.'),
    weak_password: t('Choose a longer password: at least 12 characters, not a common one.'),
    invitation_expired: t('This link has expired or was already used. Ask for a new one.'),
    database_unavailable: t('The service is briefly unavailable; nothing was saved. Try again in a moment.'),
    service_unavailable: t('The service is briefly unavailable; nothing was saved. Try again in a moment.'),
    validation_failed: fields ? t('A field is missing or has the wrong form: {{fields}}.', { fields }) : undefined,
  };
  // Otherwise what the error id means, in the reader's language (the English message may be more precise).
  const meaning = ERROR_MEANINGS[e.id];
  const translated = meaning ? t(meaning) : undefined;
  return known[e.id] ?? (translated && translated !== meaning ? translated : e.message);
}

import { useId } from 'react';
import { api } from '../api/client.ts';
import { locale, LOCALES, setLocale, t, type Locale } from './index.ts';

/** The language picker: remembered in this browser, and on the account when someone is signed in. */
export function LanguageSelect({ signedIn, className }: { signedIn: boolean; className?: string }) {
  const id = useId();
  return (
    <span className={className}>
      <label htmlFor={id} className="visually-hidden">
        {t('Language')}
      </label>
      <select
        id={id}
        value={locale()}
        onChange={(e) => {
          const next = e.target.value as Locale;
          setLocale(next);
          if (signedIn) void api('PUT', '/api/me/locale', { locale: next }).catch(() => undefined);
        }}
      >
        {Object.entries(LOCALES).map(([code, name]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </span>
  );
}

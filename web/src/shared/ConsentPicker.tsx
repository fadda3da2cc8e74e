import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { locale, t } from '../i18n/index.ts';

export interface ConsentChoice {
  id: string;
  subject: { name: string; aliases: string[] };
  destinations: string[];
  categories: string[];
  expiresAt: string;
  purpose: string;
}

/**
 * Attach consents to a post: search by the person's name, see what each allows and until when. A
 * consent covers only the person it names; several can be attached when a post names several people.
 */
export function ConsentPicker({
  value,
  onChange,
  destination,
}: {
  value: ConsentChoice[];
  onChange: (v: ConsentChoice[]) => void;
  destination: string;
}) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<ConsentChoice[]>([]);
  useEffect(() => {
    const t = setTimeout(() => {
      api<{ consents: ConsentChoice[] }>('GET', `/api/consents?active=true&q=${encodeURIComponent(q.trim())}`)
        .then((r) => setFound(r.consents.slice(0, 20)))
        .catch(() => setFound([]));
    }, 200);
    return () => clearTimeout(t);
  }, [q]);
  const chosen = new Set(value.map((c) => c.id));
  return (
    <fieldset className="consent-picker">
      <legend>{t('Consents (one for each person the post identifies)')}</legend>
      {value.length > 0 && (
        <ul aria-label={t('Attached consents')} className="chips">
          {value.map((c) => (
            <li key={c.id}>
              {c.subject.name} <span className="muted">until {new Date(c.expiresAt).toLocaleDateString(locale())}</span>{' '}
              <button
                type="button"
                aria-label={t('Remove the consent of {{name}}', { name: c.subject.name })}
                onClick={() => onChange(value.filter((x) => x.id !== c.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor="consent-search">{t("Find a consent by the person's name")}</label>
      <input id="consent-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('e.g. Priscilla')} />
      {found.length === 0 ? (
        <p className="muted">
          {q.trim()
            ? t('No consent in force for “{{name}}”. Record one under Consents first.', { name: q.trim() })
            : t('No consent in force. Record one under Consents first.')}
        </p>
      ) : (
        <ul aria-label={t('Consents in force')}>
          {found
            .filter((c) => !chosen.has(c.id))
            .map((c) => {
              const fits = c.destinations.includes(destination);
              return (
                <li key={c.id}>
                  <button
                    type="button"
                    onClick={() => onChange([...value, c])}
                    disabled={!fits}
                    title={fits ? '' : t('Not for {{destination}} posts', { destination })}
                  >
                    {t('Attach')}
                  </button>{' '}
                  <strong>{c.subject.name}</strong>
                  {c.subject.aliases.length ? ` (${c.subject.aliases.join(', ')})` : ''}: {c.purpose}{' '}
                  <span className="muted">
                    — {c.destinations.join(', ')};{' '}
                    {t('{{count}} kind(s) of identifier; until {{date}}', {
                      count: c.categories.length,
                      date: new Date(c.expiresAt).toLocaleDateString(locale()),
                    })}
                  </span>
                </li>
              );
            })}
        </ul>
      )}
    </fieldset>
  );
}

import { useState } from 'react';
import { api, ApiError, type Session } from '../api/client.ts';
import { locale, t } from '../i18n/index.ts';

interface ErasureResult {
  status: string;
  erasedEntries: number;
  message: string;
  kept: { recordClass: string; entries: number; reason: string; until: string | null }[];
}

/** A person's rights over their data: a copy (JSON or FHIR R4), and, for patients, erasure with what is kept and why. */
export function MyData({ session }: { session: Session }) {
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<ErasureResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const erase = async () => {
    setError(null);
    try {
      setResult(await api<ErasureResult>('POST', '/api/me/erasure', { confirm: true }));
      setConfirming(false);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('The erasure request failed.'));
    }
  };
  return (
    <section aria-labelledby="my-data-heading">
      <h2 id="my-data-heading">{t('Your data')}</h2>
      <p>
        <a href="/api/me/export" download>
          {t('Download my data')}
        </a>{' '}
        {t('(JSON) or')}{' '}
        <a href="/api/me/export.fhir" download>
          {t('as a FHIR R4 file')}
        </a>{' '}
        <span className="muted">{t('(everything you wrote, your consents, self-checks, goals, event replies and pledges)')}</span>
      </p>
      {session.role === 'patient' && (
        <>
          {!confirming && !result && (
            <button type="button" onClick={() => setConfirming(true)}>
              {t('Erase what I wrote…')}
            </button>
          )}
          {confirming && (
            <div role="alertdialog" aria-labelledby="erase-title" aria-describedby="erase-text" className="card">
              <h3 id="erase-title">{t('Erase what you wrote?')}</h3>
              <p id="erase-text">
                {t(
                  'Your posts, comments, messages and reviews are erased for good. Records the law requires the organization to keep (and anything under a legal hold) stay until they may go; you will see which.',
                )}
              </p>
              <button type="button" onClick={() => void erase()}>
                {t('Erase')}
              </button>{' '}
              <button type="button" onClick={() => setConfirming(false)}>
                {t('Cancel')}
              </button>
            </div>
          )}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {result && (
            <div role="status">
              <p>{result.message}</p>
              {result.kept.length > 0 && (
                <ul aria-label={t('Kept, and why')}>
                  {result.kept.map((k) => (
                    <li key={k.recordClass}>
                      {k.entries} {t('record(s):')} {k.reason}
                      {k.until ? t(' They can be erased after {{value}}.', { value: new Date(k.until).toLocaleDateString(locale()) }) : ''}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}

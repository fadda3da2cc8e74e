import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type Res } from '../api/client.ts';
import { DataTable } from '../shared/DataTable.tsx';
import { locale, t } from '../i18n/index.ts';

type Session = Res<'GET /api/auth/sessions'>['sessions'][number];

/** Where you are signed in, with a sign-out for each (this device included). */
export function Sessions({ onSignedOutHere }: { onSignedOutHere: () => void }) {
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    setSessions((await api<{ sessions: Session[] }>('GET', '/api/auth/sessions')).sessions);
  }, []);
  useEffect(() => {
    load().catch(() => setError(t('Could not load your sessions.')));
  }, [load]);
  const signOut = async (s: Session) => {
    setError(null);
    try {
      await api('DELETE', `/api/auth/sessions/${s.id}`);
      if (s.current) return onSignedOutHere();
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('Could not sign that session out.'));
    }
  };
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">{t('Where you are signed in')}</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {sessions && (
        <DataTable
          label={t('Your sessions')}
          rows={sessions}
          rowKey={(s) => s.id}
          empty={t('No other sessions.')}
          columns={[
            { header: t('Device'), cell: (s) => (s.current ? t('{{device}} (this device)', { device: s.device }) : s.device) },
            { header: t('Network'), cell: (s) => s.network ?? 'unknown' },
            { header: t('Signed in'), cell: (s) => new Date(s.startedAt).toLocaleString(locale()) },
            { header: t('Last active'), cell: (s) => new Date(s.lastSeenAt).toLocaleString(locale()) },
            {
              header: '',
              cell: (s) => (
                <button type="button" onClick={() => void signOut(s)}>
                  {s.current ? t('End this session') : t('End the session on {{device}}', { device: s.device })}
                </button>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}

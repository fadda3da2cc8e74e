import { useCallback, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { useAction } from '../shared/useAction.ts';
import { DevicePush } from './DevicePush.tsx';
import type { Res } from '../api/client.ts';
import { t } from '../i18n/index.ts';

type Prefs = Res<'GET /api/notifications/preferences'>['preferences'];

/** Quiet hours, batching and this device's notifications: each person chooses when Harborline may interrupt them. */
export function NotificationPreferences() {
  const [prefs, setPrefs] = useState<Prefs | null>(null);
  const load = useCallback(
    async () => setPrefs((await api<{ preferences: Prefs }>('GET', '/api/notifications/preferences')).preferences),
    [],
  );
  const { act, error, message, setMessage } = useAction(load);
  if (!prefs) return null;
  const quiet = prefs.quietStart !== null;
  const save = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await api('PUT', '/api/notifications/preferences', prefs);
      setMessage(t('Saved.'));
    });
  };
  const hours = Array.from({ length: 24 }, (_, h) => h);
  return (
    <form onSubmit={save} aria-labelledby="prefs-heading" className="composer">
      <h2 id="prefs-heading">{t('Notifications')}</h2>
      <DevicePush />
      <label className="inline">
        <input
          type="checkbox"
          checked={quiet}
          onChange={(e) => setPrefs({ ...prefs, quietStart: e.target.checked ? 22 : null, quietEnd: e.target.checked ? 7 : null })}
        />{' '}
        {t('Quiet hours (no pop-ups or email; a digest follows)')}
      </label>
      {quiet && (
        <div className="row">
          <label>
            {t('From')}{' '}
            <select value={prefs.quietStart!} onChange={(e) => setPrefs({ ...prefs, quietStart: Number(e.target.value) })}>
              {hours.map((h) => (
                <option key={h} value={h}>
                  {String(h).padStart(2, '0')}:00
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('until')}{' '}
            <select value={prefs.quietEnd!} onChange={(e) => setPrefs({ ...prefs, quietEnd: Number(e.target.value) })}>
              {hours.map((h) => (
                <option key={h} value={h}>
                  {String(h).padStart(2, '0')}:00
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      <label>
        {t('Time zone')}{' '}
        <input value={prefs.timeZone} onChange={(e) => setPrefs({ ...prefs, timeZone: e.target.value })} placeholder="Europe/London" />
      </label>
      <label>
        {t('Deliver')}{' '}
        <select value={prefs.batch} onChange={(e) => setPrefs({ ...prefs, batch: e.target.value as Prefs['batch'] })}>
          <option value="instant">{t('as they happen')}</option>
          <option value="hourly">{t('in an hourly digest')}</option>
          <option value="daily">{t('in a daily digest')}</option>
        </select>
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      <button type="submit">{t('Save notification settings')}</button>
    </form>
  );
}

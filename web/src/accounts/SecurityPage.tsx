import { EmergencyAccess } from './EmergencyAccess.tsx';
import { NotificationPreferences } from '../notifications/NotificationPreferences.tsx';
import { startRegistration } from '@simplewebauthn/browser';
import { useEffect, useState, type FormEvent } from 'react';
import { MyData } from './MyData.tsx';
import { Sessions } from './Sessions.tsx';
import { api, ApiError, type Session } from '../api/client.ts';
import { locale, msg, t } from '../i18n/index.ts';

interface Alert {
  id: string;
  kind: string;
  detail: Record<string, unknown>;
  user: { id: string; name: string } | null;
  createdAt: string;
  read: boolean;
}

export const ALERT_TEXT: Record<string, string> = {
  account_locked: msg('Account locked after repeated failed sign-ins'),
  new_device: msg('Signed in from a new device'),
  distant_networks: msg('Signed in from two different networks within an hour'),
  many_failed_logins: msg('Many failed sign-in attempts'),
  admin_granted: msg('Admin rights granted'),
  break_glass: msg('Emergency (break-glass) access granted'),
  two_factor_changed: msg('Two-factor sign-in changed'),
  password_changed: msg('Password changed'),
  channel_revoked: msg('A connected network account was revoked'),
  channel_account_changed: msg('A connected network account changed'),
  takedown_failed: msg('A takedown on a network failed'),
  channel_owner_departed: msg('Whoever connected network accounts was deactivated: take them over'),
  storage_full: msg('The database ran out of space: writes were refused for a while (see the server log)'),
};

export function AlertList({ scope }: { scope: 'mine' | 'organization' }) {
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  useEffect(() => {
    api<{ alerts: Alert[] }>('GET', `/api/security/alerts?scope=${scope}`)
      .then((r) => setAlerts(r.alerts))
      .catch(() => setAlerts([]));
  }, [scope]);
  if (!alerts) return <p className="loading">{t('Loading alerts…')}</p>;
  if (alerts.length === 0) return <p className="muted">{t('No security alerts.')}</p>;
  return (
    <ul className="alerts" aria-label={scope === 'mine' ? t('My security alerts') : t('Organization security alerts')}>
      {alerts.map((a) => (
        <li key={a.id} className={a.read ? 'read' : 'unread'}>
          <strong>{ALERT_TEXT[a.kind] ? t(ALERT_TEXT[a.kind]) : a.kind}</strong>
          {scope === 'organization' && a.user ? ` — ${a.user.name}` : ''}{' '}
          <span className="muted">{new Date(a.createdAt).toLocaleString(locale())}</span>
        </li>
      ))}
    </ul>
  );
}

export function SecurityPage({ session, onChange }: { session: Session; onChange: () => void }) {
  const [setup, setSetup] = useState<{ secret: string; uri: string; qrSvg: string } | null>(null);
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');

  const act = async (fn: () => Promise<void>) => {
    setError(null);
    setMessage(null);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('Something went wrong.'));
    }
  };
  const enable = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const r = await api<{ recoveryCodes: string[] }>('POST', '/api/security/2fa/enable', { code });
      // The session refreshes once the codes are saved, so they stay on screen until then.
      setRecovery(r.recoveryCodes);
      setSetup(null);
      setCode('');
    });
  };
  const changePassword = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await api('POST', '/api/auth/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setMessage(t('Password changed. Your other devices were signed out.'));
    });
  };

  return (
    <section aria-labelledby="security-heading">
      <h1 id="security-heading">{t('Security')}</h1>
      <MyData session={session} />
      <Sessions onSignedOutHere={() => window.location.assign('/')} />
      {session.mustEnrollTwoFactor && (
        <p role="alert" className="error">
          {t('Your organization requires two-factor sign-in for your role. Set it up below to continue.')}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}

      <h2>{t('Two-factor sign-in')}</h2>
      {session.user.twoFactor && !recovery && (
        <p>
          <strong>{t('Two-factor sign-in is on.')}</strong>
        </p>
      )}
      {!session.user.twoFactor && !setup && !recovery && (
        <button type="button" onClick={() => act(async () => setSetup(await api('POST', '/api/security/2fa/setup')))}>
          {t('Set up an authenticator app')}
        </button>
      )}
      {setup && (
        <form onSubmit={enable} aria-label={t('Confirm authenticator')}>
          <p>{t('Scan this code with your authenticator app (or type the key below), then type the 6-digit code it shows.')}</p>
          <img
            className="qr"
            width={200}
            height={200}
            alt={t('QR code of your two-factor key, for your authenticator app')}
            src={`data:image/svg+xml;utf8,${encodeURIComponent(setup.qrSvg)}`}
          />
          <p>
            {t('Key:')} <code data-testid="totp-secret">{setup.secret}</code>
          </p>
          <p className="muted">
            <a href={setup.uri}>{t('Open in authenticator app')}</a>
          </p>
          <label htmlFor="totp-code">{t('6-digit code')}</label>
          <input
            id="totp-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            required
          />
          <button type="submit">{t('Turn on two-factor sign-in')}</button>
        </form>
      )}
      {recovery && (
        <div role="status" className="card">
          <p>
            <strong>{t('Two-factor sign-in is on.')}</strong>{' '}
            {t('Keep these recovery codes somewhere safe; each works once if you lose your phone.')}
          </p>
          <ul data-testid="recovery-codes" className="codes">
            {recovery.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => {
              setRecovery(null);
              onChange();
            }}
          >
            {t('I have saved my recovery codes')}
          </button>
        </div>
      )}

      <h2>{t('Passkeys')}</h2>
      <p className="muted">{t('A passkey (fingerprint, face or security key) can stand in for the code at sign-in.')}</p>
      <button
        type="button"
        onClick={() =>
          act(async () => {
            const optionsJSON = await api<Parameters<typeof startRegistration>[0]['optionsJSON']>('POST', '/api/security/passkeys/options');
            const response = await startRegistration({ optionsJSON });
            await api('POST', '/api/security/passkeys', { name: 'Passkey', response });
            setMessage(t('Passkey added. You can use it to sign in.'));
            onChange();
          })
        }
      >
        {t('Add a passkey')}
      </button>
      {session.user.passkey && <p>{t('You have a passkey.')}</p>}

      <h2>{t('Password')}</h2>
      <form onSubmit={changePassword} aria-label={t('Change password')}>
        <label htmlFor="current-password">{t('Current password')}</label>
        <input
          id="current-password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          required
        />
        <label htmlFor="new-password">{t('New password (at least 12 characters, not a common one)')}</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          required
        />
        <button type="submit">{t('Change password')}</button>
      </form>

      <h2>{t('Devices')}</h2>
      <button
        type="button"
        onClick={() =>
          act(async () => {
            await api('POST', '/api/auth/logout-all');
            window.location.assign('/');
          })
        }
      >
        {t('Log out all devices')}
      </button>

      {session.role === 'clinician' && !session.mustEnrollTwoFactor && (
        <>
          <h2>{t('Emergency access (break-glass)')}</h2>
          <p>
            {t(
              'For urgent care only: while approved, you can read everything in the organization. A second person approves, and every page you open is recorded.',
            )}
          </p>
          <EmergencyAccess selfId={session.user.id} canRevokeAll={false} />
        </>
      )}

      <h2>{t('My security alerts')}</h2>
      <AlertList scope="mine" />
      {!session.mustEnrollTwoFactor && <NotificationPreferences />}
    </section>
  );
}

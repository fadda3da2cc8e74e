import { startAuthentication } from '@simplewebauthn/browser';
import { useState, type FormEvent } from 'react';
import { api, ApiError, setCsrfToken, type Session } from '../api/client.ts';
import { navigate } from '../app/router.ts';
import { LanguageSelect } from '../i18n/LanguageSelect.tsx';
import { errorMessage, msg, t } from '../i18n/index.ts';

type LoginAnswer = { csrfToken: string; session: Session } | { secondFactor: { challenge: string; methods: string[] } };

/** What the sign-in page says when single sign-on sent the browser back with a reason code. */
const SSO_ERRORS: Record<string, string> = {
  sso_failed: msg('Signing in with your organization did not complete. Start again.'),
  not_found: msg('No organization with that short name signs in this way. Check the short name with your administrator.'),
  sso_misconfigured: msg('Your organization’s identity provider did not answer. Try again later, or tell your administrator.'),
  sso_replayed: msg('That sign-in was already used once. Start again from this page.'),
  forbidden: msg('Your organization’s account is not in a group allowed into Harborline. Ask your administrator.'),
  account_deactivated: msg('This account was deactivated by the organization.'),
  account_suspended: msg('This account is suspended in this organization.'),
};

export function Login({ onLogin, notice = null }: { onLogin: (s: Session) => void; notice?: string | null }) {
  const ssoError = new URLSearchParams(window.location.search).get('sso_error');
  const [org, setOrg] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);
  const [methods, setMethods] = useState<string[]>([]);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(ssoError ? t(SSO_ERRORS[ssoError] ?? SSO_ERRORS.sso_failed) : null);
  const [busy, setBusy] = useState(false);

  const finish = (r: LoginAnswer) => {
    if ('secondFactor' in r) {
      setChallenge(r.secondFactor.challenge);
      setMethods(r.secondFactor.methods);
      return;
    }
    setCsrfToken(r.csrfToken);
    onLogin(r.session);
  };
  const run = async (fn: () => Promise<LoginAnswer>) => {
    setBusy(true);
    setError(null);
    try {
      finish(await fn());
    } catch (err) {
      if (err instanceof ApiError && err.id === 'challenge_expired') setChallenge(null);
      setError(err instanceof ApiError ? errorMessage(err) : t('Could not reach the server.'));
    } finally {
      setBusy(false);
    }
  };
  const submitPassword = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api<LoginAnswer>('POST', '/api/auth/login', { email, password }));
  };
  const usePasskey = () =>
    run(async () => {
      const optionsJSON = await api<Parameters<typeof startAuthentication>[0]['optionsJSON']>('POST', '/api/auth/login/passkey/options', {
        challenge,
      });
      const response = await startAuthentication({ optionsJSON });
      return api<LoginAnswer>('POST', '/api/auth/login/passkey', { challenge, response });
    });
  // Passwordless: the device asks for the fingerprint, face or PIN that unlocks a passkey of this site.
  const signInWithPasskey = () =>
    run(async () => {
      const optionsJSON = await api<Parameters<typeof startAuthentication>[0]['optionsJSON']>('POST', '/api/auth/passkey/options', {});
      const response = await startAuthentication({ optionsJSON });
      return api<LoginAnswer>('POST', '/api/auth/passkey', { response });
    });
  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api<LoginAnswer>('POST', '/api/auth/login/second-factor', { challenge, code }));
  };

  return (
    <main className="login">
      <LanguageSelect signedIn={false} />
      <h1>Harborline</h1>
      {!challenge ? (
        <>
          {notice && (
            <p role="status" className="notice">
              {notice}
            </p>
          )}
          <p>{t('Sign in to your organization’s community.')}</p>
          <form onSubmit={submitPassword} aria-label={t('Sign in')}>
            <label htmlFor="email">{t('Email')}</label>
            <input id="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
            <label htmlFor="password">{t('Password')}</label>
            <input
              id="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
            <button type="submit" disabled={busy}>
              {busy ? t('Signing in…') : t('Sign in')}
            </button>
          </form>
          <p>
            <button type="button" className="secondary" onClick={() => void signInWithPasskey()} disabled={busy}>
              {t('Use a passkey (no password)')}
            </button>
          </p>
          <form
            aria-label={t('Sign in with your organization')}
            onSubmit={(e) => {
              e.preventDefault();
              window.location.assign(`/api/auth/sso/${encodeURIComponent(org.trim().toLowerCase())}`);
            }}
          >
            <label htmlFor="sso-org">{t('Organization’s short name')}</label>
            <input id="sso-org" value={org} onChange={(e) => setOrg(e.target.value)} required autoComplete="organization" />
            <button type="submit" className="secondary">
              {t('Continue with your organization’s account')}
            </button>
          </form>
          <p className="muted">
            <a href="/reset-password">{t('Forgot your password?')}</a>
          </p>
        </>
      ) : (
        <>
          {methods.includes('passkey') && (
            <p>
              <button type="button" onClick={() => void usePasskey()} disabled={busy}>
                {t('Use a passkey')}
              </button>
            </p>
          )}
          {methods.includes('totp') && (
            <form onSubmit={submitCode} aria-label={t('Two-factor code')}>
              <p>{t('Enter the 6-digit code from your authenticator app, or one of your recovery codes.')}</p>
              <label htmlFor="code">{t('Code')}</label>
              <input id="code" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} required autoFocus />
              <button type="submit" disabled={busy}>
                {t('Verify')}
              </button>
            </form>
          )}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
        </>
      )}
    </main>
  );
}

/** Pages reached from emailed links; the token travels in the URL fragment, never sent to the server in a URL. */
export function TokenPage({ kind, onLogin }: { kind: 'invite' | 'reset'; onLogin: (s: Session) => void }) {
  const token = window.location.hash.slice(1);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [email, setEmail] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      if (kind === 'invite') {
        const r = await api<{ csrfToken: string; session: Session }>('POST', '/api/invitations/accept', {
          token,
          displayName: name,
          password,
        });
        setCsrfToken(r.csrfToken);
        onLogin(r.session);
        navigate('/');
      } else if (token) {
        await api('POST', '/api/auth/password-reset/confirm', { token, newPassword: password });
        setDone(t('Your password is changed. Sign in with it now.'));
      } else {
        const r = await api<{ message: string }>('POST', '/api/auth/password-reset', { email });
        setDone(r.message);
      }
    } catch (err) {
      setError(err instanceof ApiError ? errorMessage(err) : t('Could not reach the server.'));
    }
  };
  return (
    <main className="login">
      <h1>{kind === 'invite' ? t('Join your organization') : t('Reset your password')}</h1>
      {done ? (
        <p role="status">
          {done} <a href="/">{t('Sign in')}</a>
        </p>
      ) : (
        <form onSubmit={submit} aria-label={kind === 'invite' ? t('Accept invitation') : t('Reset password')}>
          {kind === 'invite' && (
            <>
              <label htmlFor="name">{t('Your name')}</label>
              <input id="name" value={name} onChange={(e) => setName(e.target.value)} required />
            </>
          )}
          {kind === 'reset' && !token ? (
            <>
              <label htmlFor="reset-email">{t('Email')}</label>
              <input id="reset-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
            </>
          ) : (
            <>
              <label htmlFor="new-pass">{t('New password (at least 12 characters)')}</label>
              <input
                id="new-pass"
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
            </>
          )}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit">{kind === 'invite' ? t('Join') : token ? t('Set new password') : t('Send reset link')}</button>
        </form>
      )}
    </main>
  );
}

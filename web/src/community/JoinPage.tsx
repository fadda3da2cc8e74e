import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, setCsrfToken, type Res, type Session } from '../api/client.ts';
import { navigate } from '../app/router.ts';
import { setPageTitle } from '../shared/title.ts';
import { errorMessage, t } from '../i18n/index.ts';

type Invitation = Res<'GET /api/join/{code}'>;
type Admitted = Res<'POST /api/join/{code}'>;

/** Where a person lands after joining: the community, or the home page while a moderator decides. */
export function afterJoining(r: Admitted) {
  navigate(r.pending ? '/?join=pending' : `/c/${r.communityId}`);
}

/** The community's rules as written, and the box that accepts them (only when it has rules). */
export function RulesConsent({ rules, accepted, onChange }: { rules: string; accepted: boolean; onChange: (v: boolean) => void }) {
  if (!rules.trim()) return null;
  return (
    <section aria-labelledby="rules-heading" className="card">
      <h2 id="rules-heading">{t('Community rules')}</h2>
      <p className="body">{rules}</p>
      <label className="inline">
        <input type="checkbox" checked={accepted} onChange={(e) => onChange(e.target.checked)} required />{' '}
        {t('I have read the rules and will follow them')}
      </label>
    </section>
  );
}

/**
 * An invitation link (`/join/<code>`): what the community is and its rules, then — for someone new — a
 * sign-up with a pseudonym that ends in a confirmation email, or — for someone signed in — joining at once.
 */
export function JoinPage({ code, session, onSignIn }: { code: string; session: Session | null; onSignIn: () => void }) {
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState({ displayName: '', email: '', password: '', pseudonym: '', accessCode: '', acceptRules: false });
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api<Invitation>('GET', `/api/join/${encodeURIComponent(code)}`)
      .then((r) => {
        setInvitation(r);
        setPageTitle(t('Join {{name}}', { name: r.community.name }));
      })
      .catch((e: unknown) => setLoadError(e instanceof ApiError ? errorMessage(e) : t('Could not reach the server.')));
  }, [code]);

  // Signed in, the page sits in the app's own <main>; otherwise it is the whole page.
  const Frame = session ? 'section' : 'main';
  if (loadError)
    return (
      <Frame className="login" id={session ? undefined : 'main'}>
        <h1>{t('Invitation')}</h1>
        <p role="alert" className="error">
          {loadError}
        </p>
      </Frame>
    );
  if (!invitation) return <p className="loading">{t('Loading…')}</p>;
  const patient = !session || session.role === 'patient';
  const answers = {
    pseudonym: patient && form.pseudonym.trim() ? form.pseudonym.trim() : null,
    acceptRules: form.acceptRules,
    accessCode: form.accessCode.trim() || null,
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (session) afterJoining(await api<Admitted>('POST', `/api/join/${encodeURIComponent(code)}`, answers));
      else {
        const r = await api<{ message: string }>('POST', `/api/join/${encodeURIComponent(code)}/signup`, {
          ...answers,
          displayName: form.displayName,
          email: form.email,
          password: form.password,
        });
        setSent(r.message);
      }
    } catch (err) {
      setError(err instanceof ApiError ? errorMessage(err) : t('Could not reach the server.'));
    } finally {
      setBusy(false);
    }
  };
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <Frame className="login join" id={session ? undefined : 'main'}>
      <p className="muted">{t('{{organization}} invites you to', { organization: invitation.organization })}</p>
      <h1>{invitation.community.name}</h1>
      {invitation.community.description && <p>{invitation.community.description}</p>}
      {invitation.requiresApproval && (
        <p className="notice">{t('A moderator approves each new member; you will be told when you are in.')}</p>
      )}
      {sent ? (
        <p role="status" className="notice">
          {sent}
        </p>
      ) : (
        <form onSubmit={submit} aria-label={t('Join the community')}>
          {!session && (
            <>
              <label htmlFor="join-name">{t('Your name (seen by your care team, not by other members if you choose a pseudonym)')}</label>
              <input id="join-name" value={form.displayName} onChange={set('displayName')} required minLength={2} maxLength={100} />
              <label htmlFor="join-email">{t('Email')}</label>
              <input id="join-email" type="email" autoComplete="email" value={form.email} onChange={set('email')} required />
              {invitation.emailDomains.length > 0 && (
                <p className="muted">
                  {t('This invitation is for addresses at {{domains}}.', { domains: invitation.emailDomains.join(' / ') })}
                </p>
              )}
              <label htmlFor="join-password">{t('Password (at least 12 characters; a few unrelated words work well)')}</label>
              <input
                id="join-password"
                type="password"
                autoComplete="new-password"
                value={form.password}
                onChange={set('password')}
                required
                minLength={12}
              />
            </>
          )}
          {patient && (
            <>
              <label htmlFor="join-pseudonym">{t('Pseudonym in this community (optional)')}</label>
              <input
                id="join-pseudonym"
                value={form.pseudonym}
                onChange={set('pseudonym')}
                maxLength={40}
                aria-describedby="pseudonym-help"
              />
              <p className="muted" id="pseudonym-help">
                {t('Other members see this name instead of yours. Moderators and your care team still know who you are.')}
              </p>
            </>
          )}
          {invitation.needsAccessCode && (
            <>
              <label htmlFor="join-access">{t('Access code (on the card or letter with the invitation)')}</label>
              <input id="join-access" value={form.accessCode} onChange={set('accessCode')} required autoComplete="off" />
            </>
          )}
          <RulesConsent
            rules={invitation.community.rules}
            accepted={form.acceptRules}
            onChange={(v) => setForm({ ...form, acceptRules: v })}
          />
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {session ? t('Join {{name}}', { name: invitation.community.name }) : t('Sign up and join')}
          </button>
        </form>
      )}
      {!session && !sent && (
        <p className="muted">
          {t('Already have an account?')}{' '}
          <button type="button" className="link" onClick={onSignIn}>
            {t('Sign in first')}
          </button>
        </p>
      )}
    </Frame>
  );
}

/** The link from the confirmation email (`/verify-email#<token>`): the account is made and the person is in. */
export function VerifyEmailPage({ onLogin }: { onLogin: (s: Session) => void }) {
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    // The link works once: never send it twice.
    if (started.current) return;
    started.current = true;
    setPageTitle(t('Confirm your email'));
    const token = window.location.hash.slice(1);
    api<Admitted & { csrfToken: string; session: Session }>('POST', '/api/join/verify', { token })
      .then((r) => {
        setCsrfToken(r.csrfToken);
        onLogin(r.session);
        afterJoining(r);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? errorMessage(e) : t('Could not reach the server.')));
  }, [onLogin]);
  return (
    <main className="login" id="main">
      <h1>{t('Confirm your email')}</h1>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : (
        <p role="status">{t('Confirming…')}</p>
      )}
    </main>
  );
}

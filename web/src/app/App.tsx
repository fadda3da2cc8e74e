import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, setCsrfToken, SIGNED_OUT_EVENT, type Session } from '../api/client.ts';
import { setPageTitle } from '../shared/title.ts';
import { useCardTables } from '../shared/cardTables.ts';
import { clearAllDrafts } from '../shared/drafts.ts';
import { Login, TokenPage } from '../accounts/Login.tsx';
import { navigate, usePath } from './router.ts';
import { navFor, pageFor, type PageContext } from './routes.tsx';
import { SecurityPage } from '../accounts/SecurityPage.tsx';
import { JoinPage, VerifyEmailPage } from '../community/JoinPage.tsx';
import { Notifications } from '../notifications/Notifications.tsx';
import { locale, setLocale, t } from '../i18n/index.ts';
import { LanguageSelect } from '../i18n/LanguageSelect.tsx';

function NavLink({ to, children, current }: { to: string; children: string; current?: boolean }) {
  return (
    <a
      href={to}
      aria-current={current ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

/** Names the page in the window title after it is drawn (a page may refine it once its data is in). */
function PageTitle({ names }: { names: string[] }) {
  const key = names.join('\n');
  useEffect(() => setPageTitle(...key.split('\n')), [key]);
  return null;
}

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [ended, setEnded] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [signInFirst, setSignInFirst] = useState(false);
  const path = usePath();
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(path);
  const signedIn = useRef(false);
  useEffect(() => {
    signedIn.current = Boolean(session);
  }, [session]);
  useCardTables(main, Boolean(session));
  // The account's language wins on every device; a first choice made before signing in is saved to it.
  useEffect(() => {
    if (!session) return;
    if (session.locale) setLocale(session.locale);
    else if (locale() !== 'en') void api('PUT', '/api/me/locale', { locale: locale() }).catch(() => undefined);
  }, [session]);

  const refresh = useCallback(() => {
    api<{ csrfToken: string; session: Session }>('GET', '/api/session')
      .then((r) => {
        setCsrfToken(r.csrfToken);
        setSession(r.session);
      })
      .catch(() => setSession(null));
  }, []);
  useEffect(refresh, [refresh]);
  // A session the server no longer knows (30 minutes idle, signed out elsewhere) returns to sign-in, saying why.
  useEffect(() => {
    const onSignedOut = () => {
      setCsrfToken(null);
      if (signedIn.current) setEnded(true);
      signedIn.current = false;
      setSession(null);
    };
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, []);
  // After navigating, focus goes to the new page (a screen reader starts there) and the phone menu closes.
  useEffect(() => {
    setMenuOpen(false);
    if (path === firstPath.current) return;
    firstPath.current = '';
    main.current?.focus();
  }, [path]);

  if (session === undefined) return <p className="loading">{t('Loading…')}</p>;
  if (path === '/verify-email') return <VerifyEmailPage onLogin={setSession} />;
  const joinCode = /^\/join\/([^/]+)$/.exec(path)?.[1];
  if (joinCode && !session && !signInFirst) return <JoinPage code={joinCode} session={null} onSignIn={() => setSignInFirst(true)} />;
  if (path === '/invite' || (path === '/reset-password' && !session))
    return <TokenPage kind={path === '/invite' ? 'invite' : 'reset'} onLogin={setSession} />;
  if (!session) {
    return (
      <>
        <PageTitle names={[t('Sign in')]} />
        <Login
          notice={ended ? t('You were signed out after a period without activity. Sign in again to continue.') : null}
          onLogin={(s) => {
            setEnded(false);
            setSession(s);
          }}
        />
      </>
    );
  }

  const logout = async () => {
    await api('POST', '/api/auth/logout').catch((e: unknown) => {
      if (!(e instanceof ApiError)) throw e;
    });
    setCsrfToken(null);
    clearAllDrafts();
    setSession(null);
    navigate('/');
  };

  const context: PageContext = {
    session,
    refresh,
    // Pages and links follow the server's permission table (session.can), not role names.
    can: (action) => session.can.includes(action),
    staff: session.role !== 'patient',
  };
  // Two-factor enrollment the organization requires comes before anything else.
  const { page, title } = session.mustEnrollTwoFactor
    ? { page: <SecurityPage session={session} onChange={refresh} />, title: t('Set up two-step sign-in') }
    : pageFor(path, context);
  const nav = session.mustEnrollTwoFactor ? [] : navFor(context);
  return (
    <div className="shell">
      <PageTitle names={[t(title), session.organization.name]} />
      <a className="skip-link" href="#main">
        {t('Skip to content')}
      </a>
      <header className="topbar">
        <NavLink to="/">Harborline</NavLink>
        <span className="org">{session.organization.name}</span>
        {nav.length > 0 && (
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            {t('Menu')}
          </button>
        )}
        <nav id="main-nav" className={menuOpen ? 'links open' : 'links'} aria-label={t('Main')}>
          {nav.map((n) => (
            <NavLink key={n.href} to={n.href} current={n.href === path}>
              {t(n.label)}
            </NavLink>
          ))}
          {/* On a phone the bar has room for the name, the menu and the bell: who is signed in lives in the menu. */}
          <div className="nav-account">
            <span>
              {session.user.displayName} ({t(session.role)})
            </span>
            <LanguageSelect signedIn />
            <button type="button" onClick={logout}>
              {t('Sign out')}
            </button>
          </div>
        </nav>
        {/* Two-step setup comes first: nothing else of the app (the bell included) is asked for until it is done. */}
        {!session.mustEnrollTwoFactor && <Notifications />}
        <LanguageSelect signedIn className="desktop-only" />
        <span className="who" data-testid="current-user">
          {session.user.displayName} <span className="role">({t(session.role)})</span>
        </span>
        <button type="button" className="sign-out" onClick={logout}>
          {t('Sign out')}
        </button>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<p className="loading">{t('Loading…')}</p>}>{page}</Suspense>
      </main>
    </div>
  );
}

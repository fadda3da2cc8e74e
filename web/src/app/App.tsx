import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, setCsrfToken, type Session } from '../api/client.ts';
import { Login, TokenPage } from '../accounts/Login.tsx';
import { navigate, usePath } from './router.ts';
import { navFor, pageFor, type PageContext } from './routes.tsx';
import { SecurityPage } from '../accounts/SecurityPage.tsx';
import { Notifications } from '../notifications/Notifications.tsx';

function NavLink({ to, children }: { to: string; children: string }) {
  return (
    <a
      href={to}
      onClick={(e) => {
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const path = usePath();

  const refresh = useCallback(() => {
    api<{ csrfToken: string; session: Session }>('GET', '/api/session')
      .then((r) => {
        setCsrfToken(r.csrfToken);
        setSession(r.session);
      })
      .catch(() => setSession(null));
  }, []);
  useEffect(refresh, [refresh]);

  if (session === undefined) return <p className="loading">Loading…</p>;
  if (path === '/invite' || (path === '/reset-password' && !session))
    return <TokenPage kind={path === '/invite' ? 'invite' : 'reset'} onLogin={setSession} />;
  if (!session) return <Login onLogin={(s) => setSession(s)} />;

  const logout = async () => {
    await api('POST', '/api/auth/logout').catch((e: unknown) => {
      if (!(e instanceof ApiError)) throw e;
    });
    setCsrfToken(null);
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
  const page = session.mustEnrollTwoFactor ? <SecurityPage session={session} onChange={refresh} /> : pageFor(path, context);
  return (
    <div className="shell">
      <header className="topbar">
        <NavLink to="/">Harborline</NavLink>
        <span className="org">{session.organization.name}</span>
        <nav className="links" aria-label="Main">
          {navFor(context).map((n) => (
            <NavLink key={n.href} to={n.href}>
              {n.label}
            </NavLink>
          ))}
        </nav>
        <Notifications />
        <span className="who" data-testid="current-user">
          {session.user.displayName} <span className="role">({session.role})</span>
        </span>
        <button type="button" onClick={logout}>
          Sign out
        </button>
      </header>
      <main>{page}</main>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { api, ApiError, setCsrfToken, type Session } from './api.ts';
import { CommunityList } from './CommunityList.tsx';
import { CommunityPage } from './CommunityPage.tsx';
import { Login } from './Login.tsx';
import { PostPage } from './PostPage.tsx';
import { navigate, usePath } from './router.ts';

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const path = usePath();

  useEffect(() => {
    api<{ csrfToken: string; session: Session }>('GET', '/api/session')
      .then((r) => {
        setCsrfToken(r.csrfToken);
        setSession(r.session);
      })
      .catch(() => setSession(null));
  }, []);

  if (session === undefined) return <p className="loading">Loading…</p>;
  if (!session) return <Login onLogin={(s) => setSession(s)} />;

  const logout = async () => {
    await api('POST', '/api/auth/logout').catch((e: unknown) => {
      if (!(e instanceof ApiError)) throw e;
    });
    setCsrfToken(null);
    setSession(null);
    navigate('/');
  };

  const community = /^\/c\/([^/]+)$/.exec(path);
  const post = /^\/p\/([^/]+)$/.exec(path);
  return (
    <div className="shell">
      <header className="topbar">
        <a href="/" className="brand" onClick={(e) => { e.preventDefault(); navigate('/'); }}>Harborline</a>
        <span className="org">{session.organization.name}</span>
        <span className="who" data-testid="current-user">
          {session.user.displayName} <span className="role">({session.role})</span>
        </span>
        <button type="button" onClick={logout}>Sign out</button>
      </header>
      <main>
        {community ? <CommunityPage id={community[1]!} session={session} /> : post ? <PostPage id={post[1]!} /> : <CommunityList session={session} />}
      </main>
    </div>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { AdminPage } from './AdminPage.tsx';
import { api, ApiError, setCsrfToken, type Session } from './api.ts';
import { AuditPage } from './AuditPage.tsx';
import { CommunityList } from './CommunityList.tsx';
import { CommunityPage } from './CommunityPage.tsx';
import { Login, TokenPage } from './Login.tsx';
import { PostPage } from './PostPage.tsx';
import { navigate, usePath } from './router.ts';
import { SecurityPage } from './SecurityPage.tsx';
import { MessagesPage } from './MessagesPage.tsx';
import { RecordsPage } from './RecordsPage.tsx';
import { Notifications } from './Notifications.tsx';
import { ProviderPage, ProvidersPage } from './ProvidersPage.tsx';
import { ConsentsPage, QuestionsPage } from './StaffPages.tsx';
import { ModerationPage, MyModerationPage } from './ModerationPage.tsx';
import { SignalsPage } from './SignalsPage.tsx';
import { CertificatePage, LearningPage, ModulePage, PolicyPage } from './LearningPage.tsx';
import { OversightPage } from './OversightPage.tsx';
import { SharingRulesPage } from './SharingRulesPage.tsx';
import { PublisherPage } from './PublisherPage.tsx';

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

  const community = /^\/c\/([^/]+)$/.exec(path);
  const post = /^\/p\/([^/]+)$/.exec(path);
  const messages = /^\/messages(?:\/([^/]+))?$/.exec(path);
  const provider = /^\/providers\/([^/]+)$/.exec(path);
  const staff = session.role !== 'patient';
  // Pages and links follow the server's permission table (session.can), not role names.
  const can = (action: string) => session.can.includes(action);
  const moderator = can('content.moderate');
  const signals = can('signals.read');
  const officer = can('oversight.read');
  const publisherRoles = can('publisher.approve');
  const publisher = /^\/publisher(?:\/(approvals|inbox|channels|analytics))?$/.exec(path);
  const learning = /^\/learning\/(policies|modules|certificates)\/([^/]+)$/.exec(path);
  const page =
    session.mustEnrollTwoFactor || path === '/security' ? (
      <SecurityPage session={session} onChange={refresh} />
    ) : path === '/admin' && can('org.manage_members') ? (
      <AdminPage />
    ) : path === '/audit' && can('audit.read') ? (
      <AuditPage />
    ) : messages ? (
      <MessagesPage session={session} threadId={messages[1]} />
    ) : path === '/providers' ? (
      <ProvidersPage session={session} />
    ) : provider ? (
      <ProviderPage id={provider[1]} session={session} />
    ) : path === '/questions' ? (
      <QuestionsPage />
    ) : path === '/consents' ? (
      <ConsentsPage session={session} />
    ) : path === '/records' && can('archive.read') ? (
      <RecordsPage />
    ) : path === '/moderation' && moderator ? (
      <ModerationPage />
    ) : path === '/moderation/mine' ? (
      <MyModerationPage />
    ) : path === '/signals' && signals ? (
      <SignalsPage />
    ) : path === '/learning' ? (
      <LearningPage session={session} />
    ) : learning ? (
      learning[1] === 'policies' ? (
        <PolicyPage id={learning[2]} />
      ) : learning[1] === 'modules' ? (
        <ModulePage id={learning[2]} />
      ) : (
        <CertificatePage id={learning[2]} />
      )
    ) : publisher && publisherRoles ? (
      <PublisherPage tab={publisher[1] ?? ''} session={session} />
    ) : path === '/oversight' && officer ? (
      <OversightPage />
    ) : path === '/sharing-rules' && staff ? (
      <SharingRulesPage canEdit={can('policy.manage')} canEditProfile={can('guard.profile')} />
    ) : community ? (
      <CommunityPage id={community[1]} session={session} />
    ) : post ? (
      <PostPage id={post[1]} canAnswer={staff} />
    ) : (
      <CommunityList session={session} />
    );
  return (
    <div className="shell">
      <header className="topbar">
        <NavLink to="/">Harborline</NavLink>
        <span className="org">{session.organization.name}</span>
        <nav className="links" aria-label="Main">
          <NavLink to="/">Communities</NavLink>
          <NavLink to="/messages">Messages</NavLink>
          <NavLink to="/providers">Providers</NavLink>
          <NavLink to="/questions">Questions</NavLink>
          {(staff || session.role === 'patient') && <NavLink to="/consents">Consents</NavLink>}
          {publisherRoles && <NavLink to="/publisher">Publisher</NavLink>}
          {moderator && <NavLink to="/moderation">Moderation</NavLink>}
          {signals && <NavLink to="/signals">Signals</NavLink>}
          {staff && <NavLink to="/learning">Training</NavLink>}
          {staff && <NavLink to="/sharing-rules">Sharing rules</NavLink>}
          {officer && <NavLink to="/oversight">Oversight</NavLink>}
          <NavLink to="/security">Security</NavLink>
          {can('org.manage_members') && <NavLink to="/admin">Organization</NavLink>}
          {can('audit.read') && <NavLink to="/audit">Audit log</NavLink>}
          {can('archive.read') && <NavLink to="/records">Records</NavLink>}
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

import { lazy, type ComponentType, type ReactNode } from 'react';
import { SecurityPage } from '../accounts/SecurityPage.tsx';
import type { Session } from '../api/client.ts';
import { CommunityList } from '../community/CommunityList.tsx';
import { CommunityPage } from '../community/CommunityPage.tsx';
import { PostPage } from '../community/PostPage.tsx';
import { JoinPage } from '../community/JoinPage.tsx';
import { ProfilePage } from '../community/ProfilePage.tsx';
// The community page shows its events, so the event page shares its chunk.
import { EventPage } from '../events/Events.tsx';
import { msg } from '../i18n/index.ts';

/**
 * Pages beyond the community load when first opened (their own script chunks), so the first page a patient
 * sees carries only what it shows.
 */
function lazyPage<M extends Record<string, unknown>, K extends keyof M & string>(load: () => Promise<M>, name: K) {
  // oxlint-disable-next-line typescript/no-explicit-any -- each page keeps its own props type (the cast back below)
  return lazy(async () => ({ default: (await load())[name] as ComponentType<any> })) as unknown as M[K];
}
const QuestionsPage = lazyPage(() => import('../community/QuestionsPage.tsx'), 'QuestionsPage');
const ConsentsPage = lazyPage(() => import('../consent/ConsentsPage.tsx'), 'ConsentsPage');
const ProviderPage = lazyPage(() => import('../directory/ProvidersPage.tsx'), 'ProviderPage');
const ProvidersPage = lazyPage(() => import('../directory/ProvidersPage.tsx'), 'ProvidersPage');
const CertificatePage = lazyPage(() => import('../learning/LearningPage.tsx'), 'CertificatePage');
const LearningPage = lazyPage(() => import('../learning/LearningPage.tsx'), 'LearningPage');
const ModulePage = lazyPage(() => import('../learning/LearningPage.tsx'), 'ModulePage');
const PolicyPage = lazyPage(() => import('../learning/LearningPage.tsx'), 'PolicyPage');
const MessagesPage = lazyPage(() => import('../messaging/MessagesPage.tsx'), 'MessagesPage');
const ModerationPage = lazyPage(() => import('../moderation/ModerationPage.tsx'), 'ModerationPage');
const MyModerationPage = lazyPage(() => import('../moderation/ModerationPage.tsx'), 'MyModerationPage');
const AdminPage = lazyPage(() => import('../organization/AdminPage.tsx'), 'AdminPage');
const SharingRulesPage = lazyPage(() => import('../organization/SharingRulesPage.tsx'), 'SharingRulesPage');
const OversightPage = lazyPage(() => import('../oversight/OversightPage.tsx'), 'OversightPage');
const PublisherPage = lazyPage(() => import('../publisher/PublisherPage.tsx'), 'PublisherPage');
const AuditPage = lazyPage(() => import('../records/AuditPage.tsx'), 'AuditPage');
const DispositionOnlyPage = lazyPage(() => import('../records/RecordsPage.tsx'), 'DispositionOnlyPage');
const RecordsPage = lazyPage(() => import('../records/RecordsPage.tsx'), 'RecordsPage');
const SignalsPage = lazyPage(() => import('../signals/SignalsPage.tsx'), 'SignalsPage');
const ScreeningPage = lazyPage(() => import('../screening/ScreeningPage.tsx'), 'ScreeningPage');
const GoalsPage = lazyPage(() => import('../goals/GoalsPage.tsx'), 'GoalsPage');
const FundraisingPage = lazyPage(() => import('../fundraising/FundraisingPage.tsx'), 'FundraisingPage');

export interface PageContext {
  session: Session;
  /** Reloads the session (after security changes). */
  refresh: () => void;
  can: (action: Session['can'][number]) => boolean;
  staff: boolean;
}

export interface Route {
  /** The path, exactly or as a pattern whose groups the page receives. */
  path: string | RegExp;
  /** Who may open it (the server refuses the data anyway; this keeps the page from showing). */
  allowed?: (c: PageContext) => boolean;
  /** Its entry in the main navigation, if it has one: the label and where it leads. */
  nav?: { label: string; href: string };
  /** The page's name in the window title (the navigation label when it has one). */
  title?: string;
  page: (c: PageContext, params: string[]) => ReactNode;
}

/** Every page of the app, in navigation order; the first match wins, the last is the home page. */
export const ROUTES: Route[] = [
  { path: '/', nav: { label: msg('Communities'), href: '/' }, page: (c) => <CommunityList session={c.session} /> },
  {
    path: /^\/messages(?:\/([^/]+))?$/,
    nav: { label: msg('Messages'), href: '/messages' },
    page: (c, [id]) => <MessagesPage session={c.session} threadId={id} />,
  },
  { path: '/providers', nav: { label: msg('Providers'), href: '/providers' }, page: (c) => <ProvidersPage session={c.session} /> },
  { path: /^\/providers\/([^/]+)$/, title: msg('Provider'), page: (c, [id]) => <ProviderPage id={id} session={c.session} /> },
  { path: '/questions', nav: { label: msg('Questions'), href: '/questions' }, page: () => <QuestionsPage /> },
  { path: '/screening', nav: { label: 'Self-check', href: '/screening' }, page: (c) => <ScreeningPage session={c.session} /> },
  {
    path: /^\/screening\/shared\/([^/]+)$/,
    title: msg('Shared self-check'),
    page: (c, [id]) => <ScreeningPage session={c.session} resultId={id} />,
  },
  {
    path: '/goals',
    nav: { label: msg('Goals'), href: '/goals' },
    allowed: (c) => c.session.role === 'patient' || c.session.role === 'clinician',
    page: (c) => <GoalsPage session={c.session} />,
  },
  { path: '/consents', nav: { label: msg('Consents'), href: '/consents' }, page: (c) => <ConsentsPage session={c.session} /> },
  {
    path: /^\/publisher(?:\/(approvals|inbox|channels|library|analytics|sandbox))?$/,
    nav: { label: msg('Publisher'), href: '/publisher' },
    allowed: (c) => c.can('publisher.approve'),
    page: (c, [tab]) => <PublisherPage tab={tab ?? ''} session={c.session} />,
  },
  {
    path: '/moderation',
    nav: { label: msg('Moderation'), href: '/moderation' },
    allowed: (c) => c.can('content.moderate'),
    page: () => <ModerationPage />,
  },
  { path: '/moderation/mine', title: msg('My moderation'), page: () => <MyModerationPage /> },
  {
    path: '/signals',
    nav: { label: msg('Signals'), href: '/signals' },
    allowed: (c) => c.can('signals.read'),
    page: () => <SignalsPage />,
  },
  {
    path: '/learning',
    nav: { label: msg('Training'), href: '/learning' },
    allowed: (c) => c.staff,
    page: (c) => <LearningPage session={c.session} />,
  },
  { path: /^\/learning\/policies\/([^/]+)$/, title: msg('Policy'), page: (_c, [id]) => <PolicyPage id={id} /> },
  { path: /^\/learning\/modules\/([^/]+)$/, title: msg('Training module'), page: (_c, [id]) => <ModulePage id={id} /> },
  { path: /^\/learning\/certificates\/([^/]+)$/, title: msg('Certificate'), page: (_c, [id]) => <CertificatePage id={id} /> },
  {
    path: '/sharing-rules',
    nav: { label: msg('Sharing rules'), href: '/sharing-rules' },
    allowed: (c) => c.staff,
    page: (c) => <SharingRulesPage canEdit={c.can('policy.manage')} canEditProfile={c.can('guard.profile')} />,
  },
  {
    path: '/oversight',
    nav: { label: msg('Oversight'), href: '/oversight' },
    allowed: (c) => c.can('oversight.read'),
    page: () => <OversightPage />,
  },
  {
    path: '/security',
    nav: { label: msg('Security'), href: '/security' },
    page: (c) => <SecurityPage session={c.session} onChange={c.refresh} />,
  },
  {
    path: '/admin',
    nav: { label: msg('Organization'), href: '/admin' },
    allowed: (c) => c.can('org.manage_members'),
    page: (c) => <AdminPage me={c.session.user.id} />,
  },
  { path: '/audit', nav: { label: msg('Audit log'), href: '/audit' }, allowed: (c) => c.can('audit.read'), page: () => <AuditPage /> },
  {
    path: '/records',
    nav: { label: msg('Records'), href: '/records' },
    allowed: (c) => c.can('archive.read') || c.can('archive.dispose'),
    page: (c) =>
      c.can('archive.read') ? <RecordsPage canDispose={c.can('archive.dispose')} me={c.session.user.id} /> : <DispositionOnlyPage />,
  },
  {
    path: '/fundraising',
    nav: { label: msg('Fundraising'), href: '/fundraising' },
    page: (c) => <FundraisingPage canManage={c.can('fundraising.manage')} />,
  },
  { path: /^\/events\/([^/]+)$/, title: msg('Event'), page: (c, [id]) => <EventPage id={id} session={c.session} /> },
  {
    path: /^\/join\/([^/]+)$/,
    title: msg('Join a community'),
    page: (c, [code]) => <JoinPage code={code} session={c.session} onSignIn={() => undefined} />,
  },
  { path: /^\/u\/([^/]+)$/, title: msg('Profile'), page: (_c, [id]) => <ProfilePage id={id} /> },
  { path: /^\/c\/([^/]+)$/, title: msg('Community'), page: (c, [id]) => <CommunityPage id={id} session={c.session} /> },
  {
    path: /^\/p\/([^/]+)$/,
    title: msg('Post'),
    page: (c, [id]) => <PostPage id={id} canAnswer={c.staff} canModerate={c.can('community.moderate')} />,
  },
];

/** The page for a path and its title: the first route that matches and is allowed, else the home page. */
export function pageFor(path: string, c: PageContext): { page: ReactNode; title: string } {
  for (const route of ROUTES) {
    const params = typeof route.path === 'string' ? (route.path === path ? [] : null) : route.path.exec(path)?.slice(1);
    if (params && (route.allowed?.(c) ?? true)) return { page: route.page(c, params), title: titleOf(route) };
  }
  return { page: ROUTES[0].page(c, []), title: titleOf(ROUTES[0]) };
}

const titleOf = (route: Route) => route.title ?? route.nav?.label ?? 'Harborline';

/** The main navigation: routes with a label that this person may open. */
export const navFor = (c: PageContext) => ROUTES.flatMap((r) => (r.nav && (r.allowed?.(c) ?? true) ? [r.nav] : []));

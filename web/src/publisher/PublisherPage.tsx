import { useCallback, useEffect, useState } from 'react';
import { api, type Session, type Res } from '../api/client.ts';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { PictureGallery } from '../shared/Pictures.tsx';
import { navigate } from '../app/router.ts';
import { useAction } from '../shared/useAction.ts';
import { EmptyState } from '../shared/DataTable.tsx';
import { ComposeAndCalendar } from './Composer.tsx';
import { LibraryTab } from './Library.tsx';
import { locale, msg, t, tn } from '../i18n/index.ts';

type Channel = Res<'GET /api/publisher/channels'>['channels'][number];
type PubPost = Res<'GET /api/publisher/posts'>['posts'][number];

const TABS = [
  ['', msg('Compose and calendar')],
  ['approvals', msg('Approvals')],
  ['inbox', msg('Inbox')],
  ['channels', msg('Channels')],
  ['library', msg('Library')],
  ['analytics', msg('Analytics')],
  ['sandbox', msg('Sandbox')],
] as const;

/** Public networks: compose, approve, schedule, publish; one inbox; channels; analytics. */
export function PublisherPage({ tab, session }: { tab: string; session: Session }) {
  return (
    <section aria-labelledby="publisher-heading">
      <h1 id="publisher-heading">{t('Publisher')}</h1>
      <nav className="row" aria-label={t('Publisher')}>
        {TABS.map(([path, label]) => (
          <a
            key={path}
            href={`/publisher${path ? `/${path}` : ''}`}
            aria-current={tab === path ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate(`/publisher${path ? `/${path}` : ''}`);
            }}
          >
            {t(label)}
          </a>
        ))}
      </nav>
      {tab === '' && <ComposeAndCalendar />}
      {tab === 'approvals' && <Approvals session={session} />}
      {tab === 'inbox' && <Inbox />}
      {tab === 'channels' && <Channels canManage={session.can.includes('publisher.channels')} />}
      {tab === 'library' && <LibraryTab canPropose={session.can.includes('publisher.compose')} />}
      {tab === 'analytics' && <Analytics />}
      {tab === 'sandbox' && <SandboxTimeline />}
    </section>
  );
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale()) : '—');

function Approvals({ session }: { session: Session }) {
  const [posts, setPosts] = useState<PubPost[]>([]);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const load = useCallback(
    async () => setPosts((await api<{ posts: PubPost[] }>('GET', '/api/publisher/posts?status=pending_approval')).posts),
    [],
  );
  const { act, error, message, setMessage } = useAction(load);
  const decide = (p: PubPost, decision: 'approve' | 'reject') =>
    act(async () => {
      const r = await api<{ status: string; step: number; of: number }>('POST', `/api/publisher/posts/${p.id}/decision`, {
        decision,
        note: notes[p.id] ?? '',
      });
      setMessage(
        r.status === 'pending_approval'
          ? t('Approved step {{step}} of {{of}}; another approver is needed.', { step: r.step, of: r.of })
          : `Post ${r.status}.`,
      );
    });
  return (
    <div>
      <ErrorNote error={error} />
      {message && <p role="status">{message}</p>}
      {posts.length === 0 && <p className="muted">{t('Nothing waits for approval.')}</p>}
      <ul className="comments">
        {posts.map((p) => (
          <li key={p.id} data-testid="approval-item">
            <p className="body">{p.body}</p>
            <PictureGallery pictures={p.pictures} />
            <p className="muted">
              {t('by {{author}} · to {{channels}}', { author: p.author, channels: p.targets.map((target) => target.channel).join(', ') })} ·{' '}
              {p.scheduledAt ? t('for {{when}}', { when: when(p.scheduledAt) }) : t('as soon as approved')} {t('· expires')}{' '}
              {when(p.approvalExpiresAt)}
            </p>
            {p.screenFlags.length > 0 && (
              <ul className="warning" aria-label={t('Before approving')}>
                {p.screenFlags.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            )}
            <p className="muted">
              {t('Approvals:')} {p.approvals.length} of {p.approvalsRequired}
              {p.approvals.map((a) => ` · ${a.by}`).join('')}
            </p>
            {p.authorId === session.user.id ? (
              <p className="muted">{t('Your own post: someone else approves it.')}</p>
            ) : (
              <>
                <label htmlFor={`note-${p.id}`}>{t('Note')}</label>
                <input id={`note-${p.id}`} value={notes[p.id] ?? ''} onChange={(e) => setNotes({ ...notes, [p.id]: e.target.value })} />
                <button type="button" onClick={() => decide(p, 'approve')}>
                  {t('Approve')}
                </button>{' '}
                <button type="button" onClick={() => decide(p, 'reject')}>
                  {t('Reject')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

type InboxItem = Res<'GET /api/publisher/inbox'>['items'][number];

function Inbox() {
  const [status, setStatus] = useState<'open' | 'responded' | 'all'>('open');
  const [items, setItems] = useState<InboxItem[]>([]);
  const [templates, setTemplates] = useState<{ id: string; name: string; body: string }[]>([]);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [me, setMe] = useState<string>('');
  const load = useCallback(async () => {
    setItems((await api<{ items: InboxItem[] }>('GET', `/api/publisher/inbox?status=${status}`)).items);
    setTemplates((await api<{ templates: { id: string; name: string; body: string }[] }>('GET', '/api/publisher/templates')).templates);
    setMe((await api<{ session: Session }>('GET', '/api/session')).session.user.id);
  }, [status]);
  const { act, error, message, setMessage } = useAction(load);
  const [replyError, setReplyError] = useState<unknown>(null);
  const reply = async (i: InboxItem) => {
    setReplyError(null);
    try {
      await api('POST', `/api/publisher/inbox/${i.id}/responses`, { body: drafts[i.id] ?? '' });
      setMessage(t('Response queued; it goes out within seconds.'));
      await load();
    } catch (e) {
      setReplyError(e);
    }
  };
  return (
    <div>
      <div className="row" role="group" aria-label={t('Show')}>
        {(['open', 'responded', 'all'] as const).map((s) => (
          <button key={s} type="button" aria-pressed={status === s} onClick={() => setStatus(s)}>
            {s}
          </button>
        ))}
      </div>
      <ErrorNote error={error ?? replyError} />
      {message && <p role="status">{message}</p>}
      {items.length === 0 && <p className="muted">{t('The inbox is empty.')}</p>}
      <ul className="comments">
        {items.map((i) => (
          <li key={i.id} data-testid="inbox-item">
            <p>
              <span className="badge">{i.kind}</span>
              <span className="badge">{i.channel}</span>
              {i.rating !== null && (
                <span className="badge">
                  {'★'.repeat(i.rating)}
                  {'☆'.repeat(5 - i.rating)}
                </span>
              )}
              {i.overdue ? (
                <strong className="error">
                  {' '}
                  {t('overdue since')} {when(i.dueAt)}
                </strong>
              ) : (
                <span className="muted">
                  {' '}
                  {t('answer by')} {when(i.dueAt)}
                </span>
              )}
            </p>
            <p>
              <strong>{i.from.name}</strong> <span className="muted">@{i.from.handle}</span>
            </p>
            <p className="body">{i.body}</p>
            <p className="muted">
              {i.assignee ? t('Assigned to {{name}}', { name: i.assignee.name ?? '' }) : t('Unassigned')}
              {i.tags.length ? t(' · tags: {{value}}', { value: i.tags.join(', ') }) : ''}
            </p>
            {i.responses.map((r, k) => (
              <p key={k} className="muted">
                ↳ {r.by}: {r.body} ({r.status}
                {r.error ? `: ${r.error}` : ''})
              </p>
            ))}
            <div className="row">
              {!i.assignee && (
                <button
                  type="button"
                  onClick={() =>
                    act(async () => {
                      await api('PATCH', `/api/publisher/inbox/${i.id}`, { assigneeId: me });
                    })
                  }
                >
                  {t('Assign to me')}
                </button>
              )}
              <button
                type="button"
                onClick={() =>
                  act(async () => {
                    const tags = window.prompt(t('Tags (comma separated)'), i.tags.join(', '));
                    if (tags !== null)
                      await api('PATCH', `/api/publisher/inbox/${i.id}`, {
                        tags: tags
                          .split(',')
                          .map((x) => x.trim())
                          .filter(Boolean),
                      });
                  })
                }
              >
                {t('Tags')}
              </button>
              {i.status !== 'closed' && (
                <button
                  type="button"
                  onClick={() =>
                    act(async () => {
                      await api('PATCH', `/api/publisher/inbox/${i.id}`, { status: 'closed' });
                    })
                  }
                >
                  {t('Close')}
                </button>
              )}
            </div>
            {i.status !== 'closed' && (
              <>
                <label htmlFor={`tpl-${i.id}`}>{t('Template')}</label>{' '}
                <select
                  id={`tpl-${i.id}`}
                  value=""
                  onChange={(e) => setDrafts({ ...drafts, [i.id]: templates.find((t) => t.id === e.target.value)?.body ?? '' })}
                >
                  <option value="">{t('Choose…')}</option>
                  {templates.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
                <label htmlFor={`resp-${i.id}`}>{t('Response')}</label>
                <textarea
                  id={`resp-${i.id}`}
                  rows={2}
                  value={drafts[i.id] ?? ''}
                  onChange={(e) => setDrafts({ ...drafts, [i.id]: e.target.value })}
                />
                <button type="button" onClick={() => reply(i)}>
                  {t('Send response')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <Templates templates={templates} onDone={load} />
    </div>
  );
}

/** The team's response templates: listed with their text, added, removed. */
function Templates({ templates, onDone }: { templates: { id: string; name: string; body: string }[]; onDone: () => Promise<void> }) {
  const [name, setName] = useState('');
  const [body, setBody] = useState('');
  const { act, error, message, setMessage } = useAction(useCallback(async () => undefined, []));
  return (
    <section aria-labelledby="templates-heading">
      <h2 id="templates-heading">{t('Response templates')}</h2>
      {message && <p role="status">{message}</p>}
      {templates.length === 0 ? (
        <p className="muted">{t('No templates yet: add the answers your team gives most often, then pick one when responding.')}</p>
      ) : (
        <ul aria-label={t('Templates')}>
          {templates.map((template) => (
            <li key={template.id}>
              <strong>{template.name}</strong>: {template.body}{' '}
              <button
                type="button"
                onClick={() =>
                  void act(async () => {
                    await api('DELETE', `/api/publisher/templates/${template.id}`);
                    setMessage(t('Template “{{name}}” removed.', { name: template.name }));
                    await onDone();
                  })
                }
              >
                {t('Remove {{name}}', { name: template.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="composer"
        aria-label={t('New response template')}
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await api('POST', '/api/publisher/templates', { name, body });
            setMessage(t('Template “{{name}}” added.', { name }));
            setName('');
            setBody('');
            await onDone();
          });
        }}
      >
        <label htmlFor="tpl-name">{t('Name')}</label>
        <input id="tpl-name" value={name} onChange={(e) => setName(e.target.value)} required minLength={2} />
        <label htmlFor="tpl-body">{t('Text')}</label>
        <textarea id="tpl-body" rows={2} value={body} onChange={(e) => setBody(e.target.value)} required minLength={2} />
        <ErrorNote error={error} />
        <button type="submit">{t('Add template')}</button>
      </form>
    </section>
  );
}

/** Where each network's API is, when it has one address (Mastodon servers are many: the user types it). */
const API_SERVERS: Record<string, string> = {
  bluesky: 'https://bsky.social',
  google_reviews: 'https://mybusiness.googleapis.com',
  x: 'https://api.x.com',
  facebook: 'https://graph.facebook.com',
  linkedin: 'https://api.linkedin.com',
  instagram: 'https://graph.facebook.com',
  youtube: 'https://www.googleapis.com',
};

const FIELDS: Record<string, { name: string; label: string; secret?: boolean; optional?: boolean }[]> = {
  mastodon: [{ name: 'accessToken', label: msg('Access token'), secret: true }],
  bluesky: [
    { name: 'identifier', label: msg('Handle') },
    { name: 'appPassword', label: msg('App password'), secret: true },
  ],
  google_reviews: [
    { name: 'accessToken', label: msg('OAuth access token'), secret: true },
    { name: 'accountId', label: msg('Account id') },
    { name: 'locationId', label: msg('Location id') },
    { name: 'refreshToken', label: msg('Refresh token (Google access tokens last an hour)'), secret: true, optional: true },
    { name: 'clientId', label: msg('OAuth client id'), optional: true },
    { name: 'clientSecret', label: msg('OAuth client secret'), secret: true, optional: true },
  ],
  x: [
    { name: 'accessToken', label: msg('OAuth 2.0 user access token'), secret: true },
    { name: 'refreshToken', label: msg('Refresh token (keeps the channel working after two hours)'), secret: true, optional: true },
    { name: 'clientId', label: msg('App client id (needed with a refresh token)'), optional: true },
  ],
  facebook: [
    { name: 'pageAccessToken', label: msg('Page access token'), secret: true },
    { name: 'pageId', label: msg('Page id') },
  ],
  linkedin: [
    { name: 'accessToken', label: msg('Access token (a page administrator’s)'), secret: true },
    { name: 'organizationId', label: msg('Organization id (the number in the page admin URL)') },
    { name: 'refreshToken', label: msg('Refresh token'), secret: true, optional: true },
    { name: 'clientId', label: msg('App client id'), optional: true },
    { name: 'clientSecret', label: msg('App client secret'), secret: true, optional: true },
  ],
  instagram: [
    { name: 'pageAccessToken', label: msg('Access token of the linked Facebook Page'), secret: true },
    { name: 'igUserId', label: msg('Instagram professional account id') },
  ],
  youtube: [
    { name: 'accessToken', label: msg('OAuth access token'), secret: true },
    { name: 'refreshToken', label: msg('Refresh token (Google access tokens last an hour)'), secret: true, optional: true },
    { name: 'clientId', label: msg('OAuth client id'), optional: true },
    { name: 'clientSecret', label: msg('OAuth client secret'), secret: true, optional: true },
  ],
  sandbox: [],
};

function Channels({ canManage }: { canManage: boolean }) {
  const [channels, setChannels] = useState<Channel[]>([]);
  const [form, setForm] = useState<{ network: string; name: string; baseUrl: string; credentials: Record<string, string> }>({
    network: 'mastodon',
    name: '',
    baseUrl: 'https://',
    credentials: {},
  });
  const load = useCallback(async () => setChannels((await api<{ channels: Channel[] }>('GET', '/api/publisher/channels')).channels), []);
  const { act, error, message, setMessage } = useAction(load);
  useEffect(() => setForm((f) => ({ ...f, credentials: {}, baseUrl: API_SERVERS[f.network] ?? 'https://' })), [form.network]);
  const [oauth, setOauth] = useState<Res<'GET /api/publisher/oauth'>['networks']>([]);
  useEffect(() => {
    api<Res<'GET /api/publisher/oauth'>>('GET', '/api/publisher/oauth')
      .then((r) => setOauth(r.networks))
      .catch(() => setOauth([]));
    // Back from a network's sign-in page: say how it went, once.
    const q = new URLSearchParams(window.location.search);
    const connected = q.get('connected');
    const failed = q.get('oauth_error');
    if (connected) setMessage(t('Connected {{connected}}. Its tokens are stored encrypted.', { connected }));
    if (failed) setMessage(failed);
    if (connected || failed) window.history.replaceState(null, '', window.location.pathname);
  }, [setMessage]);
  return (
    <div>
      <ErrorNote error={error} />
      {message && <p role="status">{message}</p>}
      {canManage && <PublishingSettings />}
      {canManage && oauth.length > 0 && <SignInToConnect networks={oauth} />}
      {channels.length === 0 && (
        <EmptyState>
          {t('No network accounts connected yet.')}{' '}
          {canManage ? t('Connect one below (or try the Sandbox network first).') : t('Ask an administrator to connect one.')}
        </EmptyState>
      )}
      <table hidden={channels.length === 0}>
        <thead>
          <tr>
            <th>{t('Channel')}</th>
            <th>{t('Account')}</th>
            <th>{t('Status')}</th>
            <th>{t('Checked')}</th>
            <th>
              <span className="visually-hidden">{t('Actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {channels.map((c) => (
            <tr key={c.id}>
              <td>
                {c.name} <span className="muted">({c.network})</span>
              </td>
              <td>{c.handle}</td>
              <td>
                <strong>{c.status}</strong>
                {c.statusReason ? <p className="muted">{c.statusReason}</p> : null}
              </td>
              <td>{when(c.lastCheckedAt)}</td>
              <td>
                <button
                  type="button"
                  onClick={() =>
                    act(async () => {
                      const r = await api<{ ok: boolean; problem: string | null }>('POST', `/api/publisher/channels/${c.id}/check`);
                      setMessage(r.ok ? t('{{name}} is healthy.', { name: c.name }) : `${c.name}: ${r.problem}`);
                    })
                  }
                >
                  {t('Check')}
                </button>{' '}
                {c.status !== 'revoked' && (
                  <button
                    type="button"
                    onClick={() => {
                      if (
                        !window.confirm(t('Disconnect {{name}}? Its tokens are revoked at the network and erased here.', { name: c.name }))
                      )
                        return;
                      void act(async () => {
                        await api('DELETE', `/api/publisher/channels/${c.id}`);
                        setMessage(t('{{name}} is disconnected.', { name: c.name }));
                      });
                    }}
                  >
                    {t('Disconnect')}
                  </button>
                )}{' '}
                {c.status === 'active' ? (
                  <button
                    type="button"
                    onClick={() =>
                      act(async () => {
                        await api('PUT', `/api/publisher/channels/${c.id}/active`, { active: false });
                      })
                    }
                  >
                    {t('Pause')}
                  </button>
                ) : (
                  <button
                    type="button"
                    onClick={() =>
                      act(async () => {
                        await api('PUT', `/api/publisher/channels/${c.id}/active`, { active: true });
                      })
                    }
                  >
                    {t('Resume')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="composer"
        aria-label={t('Connect a channel')}
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            const sandbox = form.network === 'sandbox';
            await api('POST', '/api/publisher/channels', sandbox ? { network: 'sandbox', name: form.name } : form);
            setMessage(
              sandbox
                ? t('Sandbox connected: posts appear under Sandbox, with simulated replies.')
                : t('Connected. The token is stored encrypted.'),
            );
          });
        }}
      >
        <h2>{t('Connect with a token')}</h2>
        <label htmlFor="ch-network">{t('Network')}</label>
        <select id="ch-network" value={form.network} onChange={(e) => setForm({ ...form, network: e.target.value })}>
          <option value="mastodon">{t('Mastodon')}</option>
          <option value="bluesky">{t('Bluesky')}</option>
          <option value="google_reviews">{t('Google Business Profile (posts and reviews)')}</option>
          <option value="x">X</option>
          <option value="facebook">{t('Facebook Page')}</option>
          <option value="linkedin">{t('LinkedIn page')}</option>
          <option value="instagram">{t('Instagram (professional account)')}</option>
          <option value="youtube">{t('YouTube channel')}</option>
          <option value="sandbox">{t('Sandbox (practice network, no account needed)')}</option>
        </select>
        <label htmlFor="ch-name">{t('Name')}</label>
        <input id="ch-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required minLength={2} />
        {form.network !== 'sandbox' && (
          <>
            <label htmlFor="ch-url">{t('Server address')}</label>
            <input id="ch-url" type="url" value={form.baseUrl} onChange={(e) => setForm({ ...form, baseUrl: e.target.value })} required />
          </>
        )}
        {FIELDS[form.network].map((f) => (
          <div key={f.name}>
            <label htmlFor={`ch-${f.name}`}>{t(f.label)}</label>
            <input
              id={`ch-${f.name}`}
              type={f.secret ? 'password' : 'text'}
              autoComplete="off"
              value={form.credentials[f.name] ?? ''}
              onChange={(e) => setForm({ ...form, credentials: { ...form.credentials, [f.name]: e.target.value } })}
              required={!f.optional}
            />
          </div>
        ))}
        <button type="submit">{t('Connect')}</button>
      </form>
    </div>
  );
}

type Analytics = Res<'GET /api/publisher/analytics'>;

function Bars({ title, data }: { title: string; data: [string, number][] }) {
  const max = Math.max(1, ...data.map(([, v]) => v));
  return (
    <figure>
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      {data.length === 0 && <p className="muted">{t('None in this period.')}</p>}
      <svg
        viewBox={`0 0 400 ${data.length * 26 + 4}`}
        width="100%"
        style={{ maxWidth: 480 }}
        role="img"
        aria-label={`${title}: ${data.map(([k, v]) => `${k} ${v}`).join(', ')}`}
      >
        {data.map(([k, v], i) => (
          <g key={k} transform={`translate(0 ${i * 26})`}>
            <text x={0} y={17} fontSize="12">
              {k}
            </text>
            <rect x={150} y={4} width={(v / max) * 220} height={18} fill="#0b5cad" />
            <text x={155 + (v / max) * 220} y={17} fontSize="12">
              {v}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

function Analytics() {
  const [days, setDays] = useState(30);
  const [a, setA] = useState<Analytics | null>(null);
  const { error } = useAction(useCallback(async () => setA(await api<Analytics>('GET', `/api/publisher/analytics?days=${days}`)), [days]));
  return (
    <div>
      <ErrorNote error={error} />
      <div className="row">
        <label htmlFor="an-days">{t('Period')}</label>
        <select id="an-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {[7, 30, 90, 365].map((d) => (
            <option key={d} value={d}>
              last {d} days
            </option>
          ))}
        </select>
        <a href={`/api/publisher/analytics.csv?days=${days}`} download>
          {t('Export CSV')}
        </a>
      </div>
      {a && (
        <>
          <Bars
            title={t('Engagement by channel (likes + reposts + replies)')}
            data={a.channels.map((c) => [c.channel, c.likes + c.reposts + c.replies])}
          />
          <Bars title={t('Posts by channel')} data={a.channels.map((c) => [c.channel, c.posts])} />
          <p data-testid="inbox-figures">
            {t('Inbox:')} {a.inbox.received} {t('received,')} {a.inbox.responded} {t('answered, median first response')}{' '}
            {a.inbox.medianResponseMinutes === null ? '—' : t('{{value}} min', { value: Math.round(a.inbox.medianResponseMinutes) })},{' '}
            {a.inbox.slaBreaches} {t('past the response target,')} {a.inbox.openOverdue} {t('open and overdue.')}
          </p>
          <Bars title={t('Blocked by PHI category')} data={Object.entries(a.compliance.blockedByCategory)} />
          <Bars title={t('Posts by status')} data={Object.entries(a.compliance.postsByStatus)} />
          <p className="muted">
            {t('Posts shared under a patient consent:')} {a.compliance.consentBackedPosts}
          </p>
          <table>
            <thead>
              <tr>
                <th>{t('Published')}</th>
                <th>{t('Channel')}</th>
                <th>{t('Post')}</th>
                <th>{t('Likes')}</th>
                <th>{t('Reposts')}</th>
                <th>{t('Replies')}</th>
              </tr>
            </thead>
            <tbody>
              {a.posts.map((p) => (
                <tr key={`${p.postId}${p.channel}`}>
                  <td>{when(p.publishedAt)}</td>
                  <td>{p.channel}</td>
                  <td>{p.excerpt}</td>
                  <td>{p.likes ?? '—'}</td>
                  <td>{p.reposts ?? '—'}</td>
                  <td>{p.replies ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

/** The built-in Sandbox network's public timeline: what was published there and how its (simulated) public reacted. */
function SandboxTimeline() {
  const [data, setData] = useState<Res<'GET /api/publisher/sandbox'> | null>(null);
  const load = useCallback(async () => setData(await api<Res<'GET /api/publisher/sandbox'>>('GET', '/api/publisher/sandbox')), []);
  const { error } = useAction(load);
  useEffect(() => {
    // Simulated replies arrive a few seconds after a post: refresh while the page is open.
    const t = setInterval(() => void load().catch(() => undefined), 5_000);
    return () => clearInterval(t);
  }, [load]);
  if (!data) return <ErrorNote error={error} />;
  return (
    <section aria-labelledby="sandbox-heading" className="sandbox">
      <h2 id="sandbox-heading">{t('Sandbox timeline')}</h2>
      <p className="notice" role="note">
        {t(
          'Practice network: nothing here is public. Posts published to a Sandbox channel appear below, and simulated people like, reply, mention, message and review them within seconds, so the inbox and analytics can be tried.',
        )}
      </p>
      {data.channels.length === 0 && <EmptyState>{t('No Sandbox channel yet: connect one under Channels (choose “Sandbox”).')}</EmptyState>}
      {data.channels.length > 0 && data.posts.length === 0 && (
        <EmptyState>{t('Nothing published to the sandbox yet: compose a post for it, approve it, and it appears here.')}</EmptyState>
      )}
      <ol className="timeline">
        {data.posts.map((p) => (
          <li key={p.id} id={p.id}>
            <p className="muted">
              <strong>@{p.handle}</strong> · {new Date(p.at).toLocaleString(locale())}
              {p.edited ? t(' · edited') : ''}
            </p>
            <p className="body">{p.removed ? <em>{t('Removed by the organization.')}</em> : p.body}</p>
            {p.pictures.map((alt, i) => (
              <p key={i} className="muted">
                {t('[Picture:')} {alt}]
              </p>
            ))}
            <p className="muted">
              {p.likes} like{p.likes === 1 ? '' : 's'} · {p.reposts} repost{p.reposts === 1 ? '' : 's'}
            </p>
            <ul className="comments">
              {p.conversation.map((c) => (
                <li key={c.id}>
                  <p className="muted">
                    <strong>{c.from}</strong> @{c.handle} · {c.kind === 'dm' ? t('direct message') : c.kind}
                    {c.rating !== null ? ` · ${'★'.repeat(c.rating)}` : ''}
                  </p>
                  <p className="body">{c.body}</p>
                  {c.answer && <p className="body answer">↳ {c.answer}</p>}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Connect a network by signing in there: the permissions it will ask for are shown first. */
function SignInToConnect({ networks }: { networks: Res<'GET /api/publisher/oauth'>['networks'] }) {
  const [choice, setChoice] = useState(networks[0].network);
  const [name, setName] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const n = networks.find((x) => x.network === choice) ?? networks[0];
  return (
    <form
      className="composer"
      aria-label={t('Connect by signing in')}
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        api<Res<'POST /api/publisher/oauth/{network}/start'>>('POST', `/api/publisher/oauth/${n.network}/start`, { name, fields })
          .then((r) => window.location.assign(r.authorizeUrl))
          .catch(setError);
      }}
    >
      <h2>{t('Connect by signing in')}</h2>
      <label htmlFor="oauth-network">{t('Network')}</label>
      <select id="oauth-network" value={choice} onChange={(e) => setChoice(e.target.value as typeof choice)}>
        {networks.map((x) => (
          <option key={x.network} value={x.network}>
            {x.label}
          </option>
        ))}
      </select>
      <label htmlFor="oauth-name">{t('Name')}</label>
      <input id="oauth-name" value={name} onChange={(e) => setName(e.target.value)} required minLength={2} />
      {n.fields.map((f) => (
        <div key={f.name}>
          <label htmlFor={`oauth-${f.name}`}>{f.label}</label>
          <input
            id={`oauth-${f.name}`}
            value={fields[f.name] ?? ''}
            onChange={(e) => setFields({ ...fields, [f.name]: e.target.value })}
            required
          />
        </div>
      ))}
      <p className="muted">
        {t('You sign in at {{network}}, which asks you to allow:', { network: n.label })} <code>{n.scopes.join(', ')}</code>.
      </p>
      <ErrorNote error={error} />
      <button type="submit">{t('Connect with {{network}}', { network: n.label })}</button>
    </form>
  );
}

const DAYS = [msg('Sun'), msg('Mon'), msg('Tue'), msg('Wed'), msg('Thu'), msg('Fri'), msg('Sat')];

/** How publishing works here: approvals, response targets in business hours, link tracking. */
function PublishingSettings() {
  const [s, setS] = useState<Res<'GET /api/publisher/settings'>['settings'] | null>(null);
  const load = useCallback(
    async () => setS((await api<Res<'GET /api/publisher/settings'>>('GET', '/api/publisher/settings')).settings),
    [],
  );
  const { act, error, message, setMessage } = useAction(load);
  if (!s) return <ErrorNote error={error} />;
  const calendar = s.calendar ?? { timeZone: 'UTC', days: [1, 2, 3, 4, 5], open: 8, close: 18 };
  return (
    <form
      className="composer"
      aria-label={t('Publishing settings')}
      onSubmit={(e) => {
        e.preventDefault();
        void act(async () => {
          await api('PUT', '/api/publisher/settings', { ...s, calendar });
          setMessage(t('Publishing settings saved.'));
        });
      }}
    >
      <h2>{t('Publishing settings')}</h2>
      <label htmlFor="ps-steps">{t('Approvals before a post goes out')}</label>
      <select id="ps-steps" value={s.approvalSteps} onChange={(e) => setS({ ...s, approvalSteps: Number(e.target.value) })}>
        {[1, 2, 3].map((n) => (
          <option key={n} value={n}>
            {tn('1 approver', '{{count}} approvers (different people)', n)}
          </option>
        ))}
      </select>
      <label htmlFor="ps-hours">{t('Hours an approval request stays open')}</label>
      <input
        id="ps-hours"
        type="number"
        min={1}
        max={720}
        value={s.approvalHours}
        onChange={(e) => setS({ ...s, approvalHours: Number(e.target.value) })}
      />
      <label htmlFor="ps-response">{t('Response target for the inbox (business hours)')}</label>
      <input
        id="ps-response"
        type="number"
        min={0.5}
        max={336}
        step={0.5}
        value={s.responseHours}
        onChange={(e) => setS({ ...s, responseHours: Number(e.target.value) })}
      />
      <fieldset>
        <legend>{t('Business hours')}</legend>
        <label htmlFor="ps-tz">{t('Time zone')}</label>
        <input id="ps-tz" value={calendar.timeZone} onChange={(e) => setS({ ...s, calendar: { ...calendar, timeZone: e.target.value } })} />
        <div className="row">
          {DAYS.map((d, i) => (
            <label key={d} className="inline">
              <input
                type="checkbox"
                checked={calendar.days.includes(i)}
                onChange={(e) =>
                  setS({
                    ...s,
                    calendar: {
                      ...calendar,
                      days: e.target.checked ? [...calendar.days, i].sort((a, b) => a - b) : calendar.days.filter((x) => x !== i),
                    },
                  })
                }
              />{' '}
              {d}
            </label>
          ))}
        </div>
        <label htmlFor="ps-open">{t('Opens (hour)')}</label>
        <input
          id="ps-open"
          type="number"
          min={0}
          max={23}
          value={calendar.open}
          onChange={(e) => setS({ ...s, calendar: { ...calendar, open: Number(e.target.value) } })}
        />
        <label htmlFor="ps-close">{t('Closes (hour)')}</label>
        <input
          id="ps-close"
          type="number"
          min={1}
          max={24}
          value={calendar.close}
          onChange={(e) => setS({ ...s, calendar: { ...calendar, close: Number(e.target.value) } })}
        />
      </fieldset>
      <label className="inline">
        <input type="checkbox" checked={s.linkTracking ?? false} onChange={(e) => setS({ ...s, linkTracking: e.target.checked })} />{' '}
        {t('Add campaign tracking (UTM parameters) to links in network posts')}
      </label>
      <ErrorNote error={error} />
      {message && <p role="status">{message}</p>}
      <button type="submit">{t('Save settings')}</button>
    </form>
  );
}

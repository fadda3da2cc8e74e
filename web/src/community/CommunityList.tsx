import { useEffect, useState, type FormEvent } from 'react';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { api, ApiError, type Community, type Post, type Session } from '../api/client.ts';
import { PostCard } from './CommunityPage.tsx';
import { RulesConsent } from './JoinPage.tsx';
import { Onboarding } from '../accounts/Onboarding.tsx';
import { EmptyState } from '../shared/DataTable.tsx';
import { navigate } from '../app/router.ts';
import { errorMessage, t } from '../i18n/index.ts';

export function CommunityList({ session }: { session: Session }) {
  const [communities, setCommunities] = useState<Community[] | null>(null);
  const [news, setNews] = useState<Post[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    api<{ communities: Community[] }>('GET', '/api/communities')
      .then((r) => setCommunities(r.communities))
      .catch((e) => setError(e instanceof ApiError ? errorMessage(e) : t('Could not load communities.')));
  useEffect(() => {
    void load();
    api<{ posts: Post[] }>('GET', '/api/feed')
      .then((r) => setNews(r.posts))
      .catch(() => undefined);
  }, []);

  const [joining, setJoining] = useState<string | null>(null);
  const pending = new URLSearchParams(window.location.search).get('join') === 'pending';

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!communities) return <p className="loading">{t('Loading communities…')}</p>;
  return (
    <section aria-labelledby="communities-heading">
      <h1 id="communities-heading">{t('Communities')}</h1>
      <p className="muted">{t('Welcome, {{name}}.', { name: session.user.displayName })}</p>
      <Onboarding session={session} />
      <SearchPosts />
      {pending && (
        <p role="status" className="notice">
          {t('Your request to join is with the community’s moderators. You will get a notification when they decide.')}
        </p>
      )}
      {news.length > 0 && (
        <section aria-labelledby="news-heading">
          <h2 id="news-heading">{t('News from {{organization}}', { organization: session.organization.name })}</h2>
          {news.slice(0, 3).map((p) => (
            <PostCard key={p.id} post={p} />
          ))}
        </section>
      )}
      <ul className="cards">
        {communities.map((c) => (
          <li key={c.id} className="card">
            <h2>
              <a
                href={`/c/${c.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/c/${c.id}`);
                }}
              >
                {c.name}
              </a>
            </h2>
            <p>{c.description}</p>
            <p className="muted">
              {t(
                c.visibility === 'public'
                  ? 'Open to everyone in the organization'
                  : c.visibility === 'members'
                    ? 'Members only'
                    : 'Private',
              )}{' '}
              · {t('{{count}} members', { count: c.memberCount })}
              {c.membership ? ` · ${t(c.membership.role === 'moderator' ? 'You are a moderator' : 'You are a member')}` : ''}
            </p>
            {c.unread > 0 && (
              <p>
                <span className="badge" data-testid="unread">
                  {t('{{count}} new', { count: c.unread })}
                </span>
              </p>
            )}
            {!c.membership &&
              (joining === c.id ? (
                <JoinForm
                  community={c}
                  patient={session.role === 'patient'}
                  onJoined={() => {
                    setJoining(null);
                    void load();
                  }}
                  onCancel={() => setJoining(null)}
                />
              ) : (
                <button type="button" onClick={() => setJoining(c.id)}>
                  {t('Join {{name}}', { name: c.name })}
                </button>
              ))}
          </li>
        ))}
      </ul>
      {session.can.includes('community.create') && <NewCommunity onCreated={(id) => navigate(`/c/${id}`)} />}
    </section>
  );
}

/** Search across the posts this person may read, in every community. */
function SearchPosts() {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Post[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const search = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setResults((await api<{ posts: Post[] }>('GET', `/api/search?q=${encodeURIComponent(q.trim())}`)).posts);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section aria-labelledby="search-heading">
      <h2 id="search-heading" className="visually-hidden">
        {t('Search')}
      </h2>
      <form role="search" className="row" onSubmit={search}>
        <label htmlFor="search-q">{t('Search posts')}</label>
        <input id="search-q" type="search" value={q} minLength={2} maxLength={200} onChange={(e) => setQ(e.target.value)} required />
        <button type="submit">{t('Search')}</button>
        {results && (
          <button type="button" className="secondary" onClick={() => (setResults(null), setQ(''))}>
            {t('Clear')}
          </button>
        )}
      </form>
      <ErrorNote error={error} />
      {results &&
        (results.length === 0 ? (
          <EmptyState>{t('Nothing matches “{{query}}”. Try fewer or other words.', { query: q })}</EmptyState>
        ) : (
          <div aria-label={t('Search results')} role="region">
            {results.map((p) => (
              <PostCard key={p.id} post={p} />
            ))}
          </div>
        ))}
    </section>
  );
}

/** Joining from the list: the community's rules to accept (when it has some) and, for patients, a pseudonym. */
function JoinForm({
  community,
  patient,
  onJoined,
  onCancel,
}: {
  community: Community;
  patient: boolean;
  onJoined: () => void;
  onCancel: () => void;
}) {
  const [rules, setRules] = useState<string | null>(null);
  const [accepted, setAccepted] = useState(false);
  const [pseudonym, setPseudonym] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ rules: string }>('GET', `/api/communities/${community.id}/rules`)
      .then((r) => setRules(r.rules))
      .catch(setError);
  }, [community.id]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', `/api/communities/${community.id}/join`, { pseudonym: pseudonym.trim() || null, acceptRules: accepted });
      onJoined();
    } catch (err) {
      setError(err);
    }
  };
  if (rules === null) return error ? <ErrorNote error={error} /> : <p className="loading">{t('Loading…')}</p>;
  return (
    <form onSubmit={submit} aria-label={t('Join {{name}}', { name: community.name })}>
      {patient && (
        <>
          <label htmlFor={`pseudonym-${community.id}`}>{t('Pseudonym in this community (optional)')}</label>
          <input id={`pseudonym-${community.id}`} value={pseudonym} maxLength={40} onChange={(e) => setPseudonym(e.target.value)} />
        </>
      )}
      <RulesConsent rules={rules} accepted={accepted} onChange={setAccepted} />
      <ErrorNote error={error} />
      <div className="row">
        <button type="submit">{t('Join {{name}}', { name: community.name })}</button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('Cancel')}
        </button>
      </div>
    </form>
  );
}

/** Communications staff and admins open a community (condition group, parents' group, …). */
function NewCommunity({ onCreated }: { onCreated: (id: string) => void }) {
  const [form, setForm] = useState({ name: '', slug: '', description: '', visibility: 'members', region: '' });
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api<{ community: { id: string } }>('POST', '/api/communities', { ...form, region: form.region.trim() || null });
      onCreated(r.community.id);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="composer" onSubmit={submit} aria-labelledby="new-community-heading">
      <h2 id="new-community-heading">{t('New community')}</h2>
      <label htmlFor="nc-name">{t('Name')}</label>
      <input
        id="nc-name"
        value={form.name}
        maxLength={100}
        onChange={(e) => setForm({ ...form, name: e.target.value, slug: form.slug || '' })}
        required
        minLength={2}
      />
      <label htmlFor="nc-slug">{t('Address (lower-case letters, digits, dashes)')}</label>
      <input
        id="nc-slug"
        value={form.slug}
        pattern="[a-z0-9][a-z0-9\-]{1,48}"
        onChange={(e) => setForm({ ...form, slug: e.target.value })}
        required
      />
      <label htmlFor="nc-description">{t('Description')}</label>
      <textarea id="nc-description" rows={2} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
      <div className="row">
        <label htmlFor="nc-visibility">{t('Who can see it')}</label>
        <select id="nc-visibility" value={form.visibility} onChange={(e) => setForm({ ...form, visibility: e.target.value })}>
          <option value="public">{t('Everyone in the organization')}</option>
          <option value="members">{t('Members only')}</option>
          <option value="private">{t('Private (invited)')}</option>
        </select>
        <label htmlFor="nc-region">{t('Region (for public-health signals)')}</label>
        <input id="nc-region" value={form.region} maxLength={80} onChange={(e) => setForm({ ...form, region: e.target.value })} />
      </div>
      <ErrorNote error={error} />
      <button type="submit">{t('Create community')}</button>
    </form>
  );
}

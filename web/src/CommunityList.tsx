import { useEffect, useState } from 'react';
import { api, ApiError, type Community, type Post, type Session } from './api.ts';
import { PostCard } from './CommunityPage.tsx';
import { navigate } from './router.ts';

export function CommunityList({ session }: { session: Session }) {
  const [communities, setCommunities] = useState<Community[] | null>(null);
  const [news, setNews] = useState<Post[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    api<{ communities: Community[] }>('GET', '/api/communities')
      .then((r) => setCommunities(r.communities))
      .catch((e) => setError(e instanceof ApiError ? e.message : 'Could not load communities.'));
  useEffect(() => {
    void load();
    api<{ posts: Post[] }>('GET', '/api/feed').then((r) => setNews(r.posts)).catch(() => undefined);
  }, []);

  const join = async (c: Community) => {
    try {
      await api('POST', `/api/communities/${c.id}/join`, { pseudonym: null });
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not join.');
    }
  };

  if (error) return <p role="alert" className="error">{error}</p>;
  if (!communities) return <p className="loading">Loading communities…</p>;
  return (
    <section aria-labelledby="communities-heading">
      <h1 id="communities-heading">Communities</h1>
      <p className="muted">Welcome, {session.user.displayName}.</p>
      {news.length > 0 && (
        <section aria-labelledby="news-heading">
          <h2 id="news-heading">News from {session.organization.name}</h2>
          {news.slice(0, 3).map((p) => <PostCard key={p.id} post={p} />)}
        </section>
      )}
      <ul className="cards">
        {communities.map((c) => (
          <li key={c.id} className="card">
            <h2>
              <a href={`/c/${c.id}`} onClick={(e) => { e.preventDefault(); navigate(`/c/${c.id}`); }}>{c.name}</a>
            </h2>
            <p>{c.description}</p>
            <p className="muted">
              {c.visibility === 'public' ? 'Open to everyone in the organization' : c.visibility === 'members' ? 'Members only' : 'Private'} · {c.memberCount} members
              {c.membership ? ` · You are a ${c.membership.role}` : ''}
            </p>
            {!c.membership && <button type="button" onClick={() => join(c)}>Join {c.name}</button>}
          </li>
        ))}
      </ul>
    </section>
  );
}

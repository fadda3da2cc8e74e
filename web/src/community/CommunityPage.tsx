import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type Community, type Post, type Session } from '../api/client.ts';
import { Composer } from './Composer.tsx';
import { PictureGallery } from '../shared/Pictures.tsx';
import { navigate } from '../app/router.ts';
import { CommunityAdmin } from './CommunityAdmin.tsx';
import { Markdown } from '../shared/Markdown.tsx';
import { CommunityEvents } from '../events/Events.tsx';
import { errorMessage, locale, t } from '../i18n/index.ts';

/** The author's name, linking to their profile when the viewer may know who they are (never for a pseudonym). */
export function AuthorName({ author }: { author: { id: string | null; name: string; pseudonym: string | null } }) {
  if (!author.id || author.pseudonym) return <>{authorLine(author)}</>;
  return (
    <a
      href={`/u/${author.id}`}
      onClick={(e) => {
        e.preventDefault();
        navigate(`/u/${author.id}`);
      }}
    >
      {author.name}
    </a>
  );
}

/** Who wrote it as this viewer may know: a pseudonym is marked; staff and the author also see whose it is. */
export function authorLine(author: { name: string; pseudonym: string | null }): string {
  if (!author.pseudonym) return author.name;
  return author.name === author.pseudonym
    ? `${author.pseudonym} (${t('pseudonym')})`
    : `${author.name}, ${t('as “{{pseudonym}}”', { pseudonym: author.pseudonym })} (${t('pseudonym')})`;
}

/** A post in a list (its title links to it, its reply count below) or on its own page (the page's heading). */
export function PostCard({ post, standalone = false }: { post: Post; standalone?: boolean }) {
  return (
    <article className="post" aria-labelledby={`post-${post.id}`}>
      <header>
        {post.kind !== 'post' && <span className="badge">{t(post.kind)}</span>}
        {post.pinned && <span className="badge">{t('pinned')}</span>}
        {standalone ? (
          <h1 id={`post-${post.id}`}>{post.title || t('Untitled')}</h1>
        ) : (
          <h3 id={`post-${post.id}`}>
            <a
              href={`/p/${post.id}`}
              onClick={(e) => {
                e.preventDefault();
                navigate(`/p/${post.id}`);
              }}
            >
              {post.title || t('Untitled')}
            </a>
          </h3>
        )}
        <p className="muted">
          <AuthorName author={post.author} /> · {new Date(post.createdAt).toLocaleString(locale())}
          {post.edited ? ` · ${t('edited')}` : ''}
          {post.visibility === 'care_team' ? ` · ${t('care team only')}` : ''}
        </p>
      </header>
      {post.contentWarning ? (
        <details>
          <summary>{t('Content warning: {{warning}}', { warning: post.contentWarning })}</summary>
          <Markdown text={post.body} />
        </details>
      ) : (
        <Markdown text={post.body} />
      )}
      <PictureGallery pictures={post.pictures} />
      {!standalone && (
        <p className="muted">{t(post.commentCount === 1 ? '{{count}} reply' : '{{count}} replies', { count: post.commentCount })}</p>
      )}
    </article>
  );
}

export function CommunityPage({ id, session }: { id: string; session: Session }) {
  const [community, setCommunity] = useState<Community | null>(null);
  const [posts, setPosts] = useState<Post[]>([]);
  const [pinned, setPinned] = useState<Post[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (after?: string) => {
      try {
        const r = await api<{ community: Community; posts: Post[]; pinned: Post[]; nextCursor: string | null }>(
          'GET',
          `/api/communities/${id}/posts${after ? `?cursor=${encodeURIComponent(after)}` : ''}`,
        );
        setCommunity(r.community);
        // Opening the community reads what is in it (the list's "new" count starts again from here).
        if (!after && r.community.membership) void api('POST', `/api/communities/${id}/read`).catch(() => undefined);
        setPinned(r.pinned);
        setPosts((prev) => (after ? [...prev, ...r.posts] : r.posts));
        setCursor(r.nextCursor);
      } catch (e) {
        setError(e instanceof ApiError ? errorMessage(e) : t('Could not load this community.'));
      }
    },
    [id],
  );
  useEffect(() => {
    void load();
  }, [load]);

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!community) return <p className="loading">{t('Loading…')}</p>;
  const staffRoles = ['communications', 'admin'];
  return (
    <section aria-labelledby="community-heading">
      <p>
        <a
          href="/"
          onClick={(e) => {
            e.preventDefault();
            navigate('/');
          }}
        >
          {t('← All communities')}
        </a>
      </p>
      <h1 id="community-heading">{community.name}</h1>
      <p>{community.description}</p>
      {(community.membership?.role === 'moderator' || session.can.includes('community.moderate')) && <CommunityAdmin communityId={id} />}
      {community.membership || staffRoles.includes(session.role) || session.role === 'compliance' ? (
        <Composer
          destination={community.visibility === 'public' ? 'public' : 'community'}
          canAnnounce={staffRoles.includes(session.role)}
          hasPseudonym={!!community.membership?.pseudonym}
          communityId={id}
          onSubmit={async (input) => {
            const r = await api<{ post: { status: string } }>('POST', `/api/communities/${id}/posts`, input);
            await load();
            if (r.post.status === 'pending')
              return t('Your post is waiting for a moderator to approve it; only you and the moderators can see it until then.');
          }}
        />
      ) : (
        <p className="muted">{t('Join this community to post.')}</p>
      )}
      <CommunityEvents communityId={id} session={session} />
      <h2>{t('Posts')}</h2>
      {pinned.map((p) => (
        <PostCard key={`pin-${p.id}`} post={p} />
      ))}
      {posts.length === 0 && <p className="muted">{t('No posts yet.')}</p>}
      {posts.map((p) => (
        <PostCard key={p.id} post={p} />
      ))}
      {cursor && (
        <button type="button" onClick={() => load(cursor)}>
          {t('Load older posts')}
        </button>
      )}
    </section>
  );
}

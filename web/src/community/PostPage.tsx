import { PhiConfirm, usePhiConfirm } from '../shared/PhiConfirm.tsx';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, type Comment, type Post, type Res } from '../api/client.ts';
import { REACTIONS } from '../api/enums.gen.ts';
import { AuthorName, PostCard } from './CommunityPage.tsx';
import { PictureAttacher, PictureGallery, usePictures } from '../shared/Pictures.tsx';
import { navigate } from '../app/router.ts';
import { Markdown } from '../shared/Markdown.tsx';
import { useDraft } from '../shared/drafts.ts';
import { setPageTitle } from '../shared/title.ts';
import { EmptyState } from '../shared/DataTable.tsx';
import { MentionTextarea } from './MentionTextarea.tsx';
import { errorMessage, formatNumber, locale, msg, t } from '../i18n/index.ts';

type Loaded = Res<'GET /api/posts/{id}'>;
type Reaction = Loaded['reactions'][number];
type Version = Res<'GET /api/posts/{id}/history'>['versions'][number];

const REACTION_LABELS: Record<(typeof REACTIONS)[number], string> = {
  like: msg('Like'),
  support: msg('Support'),
  thanks: msg('Thanks'),
  helpful: msg('Helpful'),
};

/** Replies under the reply they answer (the API gives each its parent), oldest first. */
function threaded(comments: Comment[]): Map<string | null, Comment[]> {
  const byParent = new Map<string | null, Comment[]>();
  const ids = new Set(comments.map((c) => c.id));
  for (const c of comments) {
    const parent = c.parentId && ids.has(c.parentId) ? c.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), c]);
  }
  return byParent;
}

export function PostPage({ id, canAnswer = false, canModerate = false }: { id: string; canAnswer?: boolean; canModerate?: boolean }) {
  const [data, setData] = useState<Loaded | null>(null);
  const [reply, setReply, clearReply] = useDraft(`reply:${id}`);
  const [replyTo, setReplyTo] = useState<Comment | null>(null);
  const [markAnswer, setMarkAnswer] = useState(false);
  const [editing, setEditing] = useState(false);
  const [history, setHistory] = useState<Version[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const post = data?.post;
  // Where a reply goes decides what its pictures may show (the server decides; this is the preview).
  const pictures = usePictures(post?.visibility === 'public' ? 'public' : post?.visibility === 'care_team' ? 'care_team' : 'community');

  const load = useCallback(async () => {
    try {
      const r = await api<Loaded>('GET', `/api/posts/${id}`);
      setData(r);
      setPageTitle(r.post.title || t('Post'));
    } catch (e) {
      setError(e instanceof ApiError ? e : t('Could not load this post.'));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const confirm = usePhiConfirm(
    async (confirmPhi) => {
      setError(null);
      await api('POST', `/api/posts/${id}/comments`, {
        body: reply,
        parentId: replyTo?.id ?? null,
        confirmPhi,
        markAnswer,
        mediaIds: await pictures.saved(),
      });
      clearReply();
      setReplyTo(null);
      pictures.clear();
      await load();
    },
    (e) => setError(e instanceof ApiError ? e : t('Could not reply.')),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void confirm.submit(false);
  };
  const act = async (fn: () => Promise<unknown>, done?: string) => {
    setNote(null);
    try {
      await fn();
      if (done) setNote(done);
      await load();
    } catch (e) {
      setNote(e instanceof ApiError ? errorMessage(e) : t('Something went wrong.'));
    }
  };
  const report = async (path: string) => {
    const reason = window.prompt(t('What is wrong with it? (a moderator reads this)'));
    if (!reason || reason.trim().length < 3) return;
    try {
      const r = await api<{ hidden: boolean }>('POST', path, { reason });
      setNote(r.hidden ? t('Thank you. It is hidden until a moderator reviews it.') : t('Thank you. A moderator will review it.'));
    } catch (e) {
      setNote(e instanceof ApiError ? errorMessage(e) : t('Could not report.'));
    }
  };
  const remove = async () => {
    if (!window.confirm(t('Delete this post? Replies go with it.'))) return;
    await api('DELETE', `/api/posts/${id}`);
    navigate(`/c/${post!.communityId}`);
  };
  const startReply = (c: Comment) => {
    setReplyTo(c);
    requestAnimationFrame(() => document.getElementById('reply')?.focus());
  };

  if (error && !post) return <ErrorNote error={error} />;
  if (!data || !post) return <p className="loading">{t('Loading…')}</p>;
  const tree = threaded(data.comments);
  // Replies nest three deep; below that, every later answer in the thread sits at the third level, in order.
  const below = (parent: string): Comment[] =>
    (tree.get(parent) ?? []).flatMap((c) => [c, ...below(c.id)]).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const renderReplies = (parent: string | null, depth: number): ReactNode => {
    const list = depth < 3 || parent === null ? (tree.get(parent) ?? []) : below(parent);
    if (list.length === 0) return null;
    return (
      <ul className={parent ? 'replies' : 'comments'}>
        {list.map((c) => (
          <li key={c.id} id={`comment-${c.id}`}>
            <Markdown text={c.body} />
            <PictureGallery pictures={c.pictures} />
            <p className="muted">
              <AuthorName author={c.author} /> · {new Date(c.createdAt).toLocaleString(locale())} ·{' '}
              <button type="button" className="link" onClick={() => startReply(c)}>
                {t('Reply to {{name}}', { name: c.author.name })}
              </button>
              {!c.mine && (
                <>
                  {' '}
                  ·{' '}
                  <button type="button" className="link" onClick={() => report(`/api/comments/${c.id}/flags`)}>
                    {t('Report')}
                  </button>
                </>
              )}
            </p>
            {depth < 3 ? renderReplies(c.id, depth + 1) : null}
          </li>
        ))}
      </ul>
    );
  };

  return (
    <section>
      <p>
        <a
          href={`/c/${post.communityId}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/c/${post.communityId}`);
          }}
        >
          {t('← Back to the community')}
        </a>
      </p>
      {editing ? <EditPost post={post} onDone={() => (setEditing(false), void load())} /> : <PostCard post={post} standalone />}
      {data.corrections.length > 0 && (
        <aside className="phi-ok" aria-label={t('Authoritative information')}>
          {data.corrections.map((c) => (
            <p key={c.url}>
              {t('Authoritative information:')}{' '}
              <a href={c.url} rel="noopener noreferrer" target="_blank">
                {c.title}
              </a>{' '}
              ({c.publisher}){c.note ? ` — ${c.note}` : ''}
            </p>
          ))}
        </aside>
      )}
      <Reactions reactions={data.reactions} onToggle={(emoji) => act(() => api('POST', `/api/posts/${id}/reactions`, { emoji }))} />
      <div className="row">
        {post.mine && !editing && (
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            {t('Edit post')}
          </button>
        )}
        {post.edited && (
          <button
            type="button"
            className="secondary"
            aria-expanded={history !== null}
            onClick={async () =>
              setHistory(history ? null : (await api<{ versions: Version[] }>('GET', `/api/posts/${id}/history`)).versions)
            }
          >
            {t('Edit history')}
          </button>
        )}
        {canModerate && (
          <button
            type="button"
            className="secondary"
            onClick={() =>
              act(
                () => api('PUT', `/api/posts/${id}/pin`, { pinned: !post.pinned }),
                post.pinned ? t('Unpinned.') : t('Pinned to the top of the community.'),
              )
            }
          >
            {post.pinned ? t('Unpin') : t('Pin to the top')}
          </button>
        )}
        {post.mine && (
          <button type="button" className="secondary" onClick={remove}>
            {t('Delete post')}
          </button>
        )}
        {!post.mine && (
          <button type="button" className="secondary" onClick={() => report(`/api/posts/${id}/flags`)}>
            {t('Report post')}
          </button>
        )}
      </div>
      {note && <p role="status">{note}</p>}
      {history && <EditHistory versions={history} />}
      <h2>{t('Replies')}</h2>
      {data.comments.length === 0 ? <EmptyState>{t('No replies yet. Be the first to answer.')}</EmptyState> : renderReplies(null, 1)}
      <form onSubmit={submit} aria-label={t('Reply')}>
        {replyTo && (
          <p className="notice">
            {t('Replying to {{name}}', { name: replyTo.author.name })}{' '}
            <button type="button" className="link" onClick={() => setReplyTo(null)}>
              {t('(reply to the post instead)')}
            </button>
          </p>
        )}
        <label htmlFor="reply">{t('Your reply')}</label>
        <MentionTextarea
          communityId={post.communityId}
          id="reply"
          rows={3}
          maxLength={5000}
          value={reply}
          onValue={setReply}
          required
          aria-describedby="reply-help"
        />
        <p id="reply-help" className="muted">
          {t('Markdown works; type @ to mention a member. Your draft is kept until you send it or sign out.')}
        </p>
        {canAnswer && post.kind === 'question' && (
          <label className="inline">
            <input type="checkbox" checked={markAnswer} onChange={(e) => setMarkAnswer(e.target.checked)} />{' '}
            {t('This answers the question')}
          </label>
        )}
        <PictureAttacher pictures={pictures} label={t('Add pictures to the reply')} />
        <PhiConfirm confirm={confirm} action={t('Reply anyway')} />
        <ErrorNote error={error} />
        <button type="submit" disabled={pictures.busy}>
          {pictures.busy ? t('Checking pictures…') : t('Reply')}
        </button>
      </form>
    </section>
  );
}

function Reactions({ reactions, onToggle }: { reactions: Reaction[]; onToggle: (emoji: Reaction['emoji']) => void }) {
  return (
    <div className="reactions" role="group" aria-label={t('Reactions')}>
      {REACTIONS.map((emoji) => {
        const r = reactions.find((x) => x.emoji === emoji);
        return (
          <button key={emoji} type="button" aria-pressed={r?.mine ?? false} onClick={() => onToggle(emoji)}>
            {t(REACTION_LABELS[emoji])} {r?.count ? <span>{formatNumber(r.count)}</span> : null}
          </button>
        );
      })}
    </div>
  );
}

/** The author changes the post; the guard reads the new text as it read the first. */
function EditPost({ post, onDone }: { post: Post; onDone: () => void }) {
  const [title, setTitle] = useState(post.title);
  const [body, setBody] = useState(post.body);
  const [contentWarning, setContentWarning] = useState(post.contentWarning ?? '');
  const [error, setError] = useState<unknown>(null);
  const confirm = usePhiConfirm(
    async (confirmPhi) => {
      setError(null);
      await api('PATCH', `/api/posts/${post.id}`, { title, body, contentWarning: contentWarning.trim() || null, confirmPhi });
      onDone();
    },
    (e) => setError(e),
  );
  return (
    <form
      className="composer"
      aria-label={t('Edit post')}
      onSubmit={(e) => {
        e.preventDefault();
        void confirm.submit(false);
      }}
    >
      <label htmlFor="edit-title">{t('Title')}</label>
      <input id="edit-title" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
      <label htmlFor="edit-body">{t('Message')}</label>
      <MentionTextarea communityId={post.communityId} id="edit-body" rows={6} value={body} onValue={setBody} required />
      <label htmlFor="edit-cw">{t('Content warning (optional)')}</label>
      <input id="edit-cw" value={contentWarning} maxLength={200} onChange={(e) => setContentWarning(e.target.value)} />
      <PhiConfirm confirm={confirm} action={t('Save anyway')} />
      <ErrorNote error={error} />
      <div className="row">
        <button type="submit" disabled={confirm.busy || !body.trim()}>
          {t('Save changes')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('Cancel')}
        </button>
      </div>
    </form>
  );
}

function EditHistory({ versions }: { versions: Version[] }) {
  return (
    <section aria-labelledby="history-heading" className="card">
      <h2 id="history-heading">{t('Edit history')}</h2>
      <ol>
        {versions.map((v) => {
          const content = v.content as { title?: string; body?: string };
          return (
            <li key={`${v.version}-${v.event}`}>
              <p className="muted">
                {t('Version')} {v.version} · {v.event === 'create' ? 'written' : v.event} {new Date(v.at).toLocaleString(locale())}
              </p>
              {content.title && <p>{content.title}</p>}
              {content.body !== undefined && <Markdown text={content.body} />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

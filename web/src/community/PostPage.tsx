import { PhiConfirm, usePhiConfirm } from '../shared/PhiConfirm.tsx';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type Comment, type Post } from '../api/client.ts';
import { authorLine, PostCard } from './CommunityPage.tsx';
import { PictureAttacher, PictureGallery, usePictures } from '../shared/Pictures.tsx';
import { navigate } from '../app/router.ts';

interface Correction {
  title: string;
  url: string;
  publisher: string;
  summary: string;
  note: string;
}

export function PostPage({ id, canAnswer = false }: { id: string; canAnswer?: boolean }) {
  const [post, setPost] = useState<Post | null>(null);
  const [comments, setComments] = useState<Comment[]>([]);
  const [reply, setReply] = useState('');
  const [markAnswer, setMarkAnswer] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [corrections, setCorrections] = useState<Correction[]>([]);
  const [reportNote, setReportNote] = useState<string | null>(null);
  // Where a reply goes decides what its pictures may show (the server decides; this is the preview).
  const pictures = usePictures(post?.visibility === 'public' ? 'public' : post?.visibility === 'care_team' ? 'care_team' : 'community');

  const load = useCallback(async () => {
    try {
      const r = await api<{ post: Post; comments: Comment[]; corrections: Correction[] }>('GET', `/api/posts/${id}`);
      setPost(r.post);
      setComments(r.comments);
      setCorrections(r.corrections);
    } catch (e) {
      setError(e instanceof ApiError ? e : 'Could not load this post.');
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const confirm = usePhiConfirm(
    async (confirmPhi) => {
      setError(null);
      await api('POST', `/api/posts/${id}/comments`, { body: reply, confirmPhi, markAnswer, mediaIds: await pictures.saved() });
      setReply('');
      pictures.clear();
      await load();
    },
    (e) => setError(e instanceof ApiError ? e : 'Could not reply.'),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void confirm.submit(false);
  };
  const report = async (path: string) => {
    const reason = window.prompt('What is wrong with it? (a moderator reads this)');
    if (!reason || reason.trim().length < 3) return;
    try {
      const r = await api<{ hidden: boolean }>('POST', path, { reason });
      setReportNote(r.hidden ? 'Thank you. It is hidden until a moderator reviews it.' : 'Thank you. A moderator will review it.');
    } catch (e) {
      setReportNote(e instanceof ApiError ? e.message : 'Could not report.');
    }
  };
  const remove = async () => {
    await api('DELETE', `/api/posts/${id}`);
    navigate(`/c/${post!.communityId}`);
  };

  if (error && !post) return <ErrorNote error={error} />;
  if (!post) return <p className="loading">Loading…</p>;
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
          ← Back to the community
        </a>
      </p>
      <PostCard post={post} standalone />
      {corrections.length > 0 && (
        <aside className="phi-ok" aria-label="Authoritative information">
          {corrections.map((c) => (
            <p key={c.url}>
              Authoritative information:{' '}
              <a href={c.url} rel="noopener noreferrer" target="_blank">
                {c.title}
              </a>{' '}
              ({c.publisher}){c.note ? ` — ${c.note}` : ''}
            </p>
          ))}
        </aside>
      )}
      {post.mine && (
        <button type="button" onClick={remove}>
          Delete post
        </button>
      )}
      {!post.mine && (
        <button type="button" onClick={() => report(`/api/posts/${id}/flags`)}>
          Report post
        </button>
      )}
      {reportNote && <p role="status">{reportNote}</p>}
      <h2>Replies</h2>
      <ul className="comments">
        {comments.map((c) => (
          <li key={c.id}>
            <p className="body">{c.body}</p>
            <PictureGallery pictures={c.pictures} />
            <p className="muted">
              {authorLine(c.author)} · {new Date(c.createdAt).toLocaleString()}
              {!c.mine && (
                <>
                  {' '}
                  ·{' '}
                  <button type="button" className="link" onClick={() => report(`/api/comments/${c.id}/flags`)}>
                    Report
                  </button>
                </>
              )}
            </p>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} aria-label="Reply">
        <label htmlFor="reply">Your reply</label>
        <textarea id="reply" rows={3} maxLength={5000} value={reply} onChange={(e) => setReply(e.target.value)} required />
        {canAnswer && post.kind === 'question' && (
          <label className="inline">
            <input type="checkbox" checked={markAnswer} onChange={(e) => setMarkAnswer(e.target.checked)} /> This answers the question
          </label>
        )}
        <PictureAttacher pictures={pictures} label="Add pictures to the reply" />
        <PhiConfirm confirm={confirm} action="Reply anyway" />
        <ErrorNote error={error} />
        <button type="submit" disabled={pictures.busy}>
          {pictures.busy ? 'Checking pictures…' : 'Reply'}
        </button>
      </form>
    </section>
  );
}

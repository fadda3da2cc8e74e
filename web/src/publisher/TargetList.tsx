import type { Res } from '../api/client.ts';
import { locale } from '../i18n/index.ts';

type PubPost = Res<'GET /api/publisher/posts'>['posts'][number];
export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale()) : '—');

/** Where a post goes: each channel's delivery, with its retry and takedown actions. */
export function TargetList({
  post,
  onRetry,
  onTakeDown,
}: {
  post: PubPost;
  onRetry?: (id: string) => void;
  onTakeDown?: (id: string, channel: string) => void;
}) {
  return (
    <ul className="muted">
      {post.targets.map((t) => (
        <li key={t.id} data-testid="target">
          {t.channel}: <strong>{t.status}</strong>
          {t.status === 'published' && t.url && (
            <>
              {' '}
              ·{' '}
              <a href={t.url} rel="noopener noreferrer" target="_blank">
                view
              </a>
            </>
          )}
          {t.status === 'queued' && t.attempts > 0 && (
            <>
              {' '}
              · attempt {t.attempts}, next {when(t.nextAttemptAt)}
            </>
          )}
          {post.followUps.length > 0 && t.status !== 'waiting' && (
            <>
              {' '}
              · {t.partsSent} of {post.followUps.length} later parts sent
            </>
          )}
          {t.lastError && <> · {t.lastError}</>}
          {t.status === 'published' && onTakeDown && (
            <>
              {' '}
              <button type="button" onClick={() => onTakeDown(t.id, t.channel)}>
                Take down
              </button>
            </>
          )}
          {t.status === 'failed' && onRetry && (
            <>
              {' '}
              <button type="button" onClick={() => onRetry(t.id)}>
                Retry
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

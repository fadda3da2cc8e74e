import type { Res } from '../api/client.ts';
import { locale, msg, t } from '../i18n/index.ts';

type PubPost = Res<'GET /api/publisher/posts'>['posts'][number];
export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale()) : '—');

const STATUS: Record<string, string> = {
  waiting: msg('waiting for approval'),
  queued: msg('queued'),
  publishing: msg('publishing'),
  published: msg('published'),
  failed: msg('failed'),
  cancelled: msg('cancelled'),
  taken_down: msg('taken down'),
};

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
      {post.targets.map((target) => (
        <li key={target.id} data-testid="target">
          {target.channel}: <strong>{STATUS[target.status] ? t(STATUS[target.status]) : target.status}</strong>
          {target.status === 'published' && target.url && (
            <>
              {' '}
              ·{' '}
              <a href={target.url} rel="noopener noreferrer" target="_blank">
                {t('view')}
              </a>
            </>
          )}
          {target.status === 'queued' && target.attempts > 0 && (
            <> {t('· attempt {{attempts}}, next {{when}}', { attempts: target.attempts, when: when(target.nextAttemptAt) })}</>
          )}
          {post.followUps.length > 0 && target.status !== 'waiting' && (
            <> {t('· {{sent}} of {{total}} later parts sent', { sent: target.partsSent, total: post.followUps.length })}</>
          )}
          {target.lastError && <> · {target.lastError}</>}
          {target.status === 'published' && onTakeDown && (
            <>
              {' '}
              <button type="button" onClick={() => onTakeDown(target.id, target.channel)}>
                {t('Take down')}
              </button>
            </>
          )}
          {target.status === 'failed' && onRetry && (
            <>
              {' '}
              <button type="button" onClick={() => onRetry(target.id)}>
                {t('Retry')}
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { api, type Res } from '../api/client.ts';
import { navigate } from '../app/router.ts';
import { t, translateNotice } from '../i18n/index.ts';

type Notice = Res<'GET /api/notifications'>['notifications'][number];

/** The bell: unread count, live updates over server-sent events, a list on demand. */
export function Notifications() {
  const [items, setItems] = useState<Notice[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  const load = useCallback(
    () =>
      api<{ notifications: Notice[]; unread: number }>('GET', '/api/notifications')
        .then((r) => {
          setItems(r.notifications);
          setUnread(r.unread);
        })
        // The bell is secondary: a failed refresh keeps the last list (a signed-out session is handled by the app).
        .catch(() => undefined),
    [],
  );
  useEffect(() => {
    void load();
    const source = new EventSource('/api/events');
    source.addEventListener('notification', (e) => {
      const event = JSON.parse(e.data) as { title: string };
      setToast(translateNotice(event.title));
      setTimeout(() => setToast(null), 6_000);
      void load();
    });
    return () => source.close();
  }, [load]);
  const follow = async (n: Notice) => {
    if (!n.read) await api('POST', `/api/notifications/${n.id}/read`);
    setOpen(false);
    navigate(n.link);
    void load();
  };
  return (
    <div className="bell">
      <button
        type="button"
        aria-expanded={open}
        aria-label={t('Notifications, {{count}} unread', { count: unread })}
        onClick={() => setOpen(!open)}
      >
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="currentColor">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" />
        </svg>{' '}
        <span data-testid="unread-count">{unread}</span>
      </button>
      {toast && (
        <div role="status" className="toast" onClick={() => setToast(null)}>
          {toast}
        </div>
      )}
      {open && (
        <ul className="dropdown">
          {items.length === 0 && <li className="muted">{t('Nothing yet.')}</li>}
          {items.map((n) => (
            <li key={n.id} className={n.read ? 'read' : 'unread'}>
              <button type="button" className="link" onClick={() => follow(n)}>
                {translateNotice(n.title)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

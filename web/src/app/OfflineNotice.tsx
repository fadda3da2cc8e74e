import { useEffect, useState } from 'react';
import { OFFLINE_EVENT, ONLINE_EVENT } from '../api/client.ts';
import { t } from '../i18n/index.ts';

/** A clear, single statement when the device is offline: what is shown may be old, and nothing can be sent. */
export function OfflineNotice() {
  const [offline, setOffline] = useState(() => !navigator.onLine);
  useEffect(() => {
    const off = () => setOffline(true);
    const on = () => setOffline(false);
    window.addEventListener('offline', off);
    window.addEventListener(OFFLINE_EVENT, off);
    window.addEventListener('online', on);
    window.addEventListener(ONLINE_EVENT, on);
    return () => {
      window.removeEventListener('offline', off);
      window.removeEventListener(OFFLINE_EVENT, off);
      window.removeEventListener('online', on);
      window.removeEventListener(ONLINE_EVENT, on);
    };
  }, []);
  if (!offline) return null;
  return (
    <p role="status" className="offline">
      {t('You are offline. Nothing can be loaded or sent until the connection is back; what you wrote stays in its box.')}
    </p>
  );
}

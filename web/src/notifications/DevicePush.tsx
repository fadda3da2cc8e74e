import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import { t } from '../i18n/index.ts';

type State = 'unsupported' | 'denied' | 'off' | 'on' | 'busy';

const keyBytes = (base64url: string) => Uint8Array.from(atob(base64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/**
 * Notifications on this device (Web Push): the browser asks permission, subscribes with the server's VAPID
 * key, and the server sends each notice's title — never its content — outside quiet hours.
 */
export function DevicePush() {
  const [state, setState] = useState<State>('busy');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!('serviceWorker' in navigator) || !('PushManager' in window) || !(t('Notification') in window)) return setState('unsupported');
    if (Notification.permission === 'denied') return setState('denied');
    void navigator.serviceWorker.getRegistration().then(async (reg) => {
      const sub = await reg?.pushManager.getSubscription();
      setState(sub ? 'on' : 'off');
    });
  }, []);
  const turnOn = async () => {
    setError(null);
    setState('busy');
    try {
      if ((await Notification.requestPermission()) !== 'granted') return setState('denied');
      const { publicKey } = await api<{ publicKey: string }>('GET', '/api/push/key');
      const reg = await navigator.serviceWorker.ready;
      const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
      await api('POST', '/api/push/subscriptions', sub.toJSON());
      setState('on');
    } catch (e) {
      setError(
        e instanceof ApiError
          ? e.message
          : t('This browser could not turn notifications on. Try again, or use the app installed on your phone.'),
      );
      setState('off');
    }
  };
  const turnOff = async () => {
    setState('busy');
    const sub = await (await navigator.serviceWorker.ready).pushManager.getSubscription();
    if (sub) {
      await api('POST', '/api/push/subscriptions/remove', { endpoint: sub.endpoint }).catch(() => undefined);
      await sub.unsubscribe();
    }
    setState('off');
  };
  return (
    <section aria-labelledby="device-push-heading">
      <h3 id="device-push-heading">{t('On this device')}</h3>
      {state === 'unsupported' && <p className="muted">{t('This browser cannot show notifications from Harborline.')}</p>}
      {state === 'denied' && <p className="muted">{t('Notifications are blocked for Harborline in this browser’s settings.')}</p>}
      {(state === 'off' || state === 'on' || state === 'busy') && (
        <p>
          {state === 'on' ? t('Notifications are on for this device. They say what happened, never what was written.') : ''}{' '}
          <button type="button" disabled={state === 'busy'} onClick={() => void (state === 'on' ? turnOff() : turnOn())}>
            {state === 'on' ? t('Turn off notifications on this device') : t('Turn on notifications on this device')}
          </button>
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

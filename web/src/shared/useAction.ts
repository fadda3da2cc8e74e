import { useEffect, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { t } from '../i18n/index.ts';

/**
 * Loads a page's data, and runs actions that reload it afterwards: one place for the error and status
 * messages every management page shows.
 */
export function useAction(load: () => Promise<void>) {
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    load().catch((e) => setError(e instanceof ApiError ? e.message : t('Could not load.')));
  }, [load]);
  const act = async (fn: () => Promise<void>) => {
    setError(null);
    setMessage(null);
    try {
      await fn();
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('Something went wrong.'));
    }
  };
  return { act, error, message, setMessage };
}

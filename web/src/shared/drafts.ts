import { useCallback, useEffect, useState } from 'react';

/**
 * Unsent text is kept per composer while the tab is open (a reload or a wrong click loses nothing). It
 * lives in sessionStorage, so it is gone when the browser closes, and signing out clears it: a shared
 * computer at a clinic keeps nobody's half-written post.
 */
const PREFIX = 'harborline:draft:';

export function useDraft(key: string): [string, (v: string) => void, () => void] {
  const storageKey = PREFIX + key;
  const [value, setValue] = useState(() => sessionStorage.getItem(storageKey) ?? '');
  useEffect(() => setValue(sessionStorage.getItem(storageKey) ?? ''), [storageKey]);
  const update = useCallback(
    (v: string) => {
      setValue(v);
      if (v) sessionStorage.setItem(storageKey, v);
      else sessionStorage.removeItem(storageKey);
    },
    [storageKey],
  );
  const clear = useCallback(() => update(''), [update]);
  return [value, update, clear];
}

export function clearAllDrafts(): void {
  for (const k of Object.keys(sessionStorage)) if (k.startsWith(PREFIX)) sessionStorage.removeItem(k);
}

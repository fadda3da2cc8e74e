import { useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { errorMessage, t } from '../i18n/index.ts';

/**
 * Before identifiers go out, the server may ask the author to confirm (error `phi_confirmation_required`).
 * Every composer sends through this hook: the question is shown in place and focused, and confirming
 * sends the same thing again with `confirmPhi`.
 */
export function usePhiConfirm(send: (confirmPhi: boolean) => Promise<void>, onError: (e: unknown) => void) {
  const [question, setQuestion] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (confirmPhi = false) => {
    setBusy(true);
    try {
      await send(confirmPhi);
      setQuestion(null);
    } catch (e) {
      if (e instanceof ApiError && e.id === 'phi_confirmation_required') setQuestion(errorMessage(e));
      else onError(e);
    } finally {
      setBusy(false);
    }
  };
  return { submit, question, busy, cancel: () => setQuestion(null) };
}

/** The confirmation question with its two answers; `action` names what confirming does ("Post anyway"). */
export function PhiConfirm({
  confirm,
  action,
  cancel = t('Edit'),
}: {
  confirm: ReturnType<typeof usePhiConfirm>;
  action: string;
  cancel?: string;
}) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirm.question) box.current?.focus();
  }, [confirm.question]);
  if (!confirm.question) return null;
  return (
    <div role="alertdialog" aria-labelledby={id} className="confirm" tabIndex={-1} ref={box}>
      <p id={id}>{confirm.question}</p>
      <button type="button" onClick={() => void confirm.submit(true)} disabled={confirm.busy}>
        {action}
      </button>{' '}
      <button type="button" onClick={confirm.cancel}>
        {cancel}
      </button>
    </div>
  );
}

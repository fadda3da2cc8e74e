import { ErrorNote } from './ErrorNote.tsx';
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { api, ApiError, type Finding } from './api.ts';

export const MAX_POST_CHARS = 20_000;

/** Text with the PHI findings marked; React escapes everything, so hostile markup stays inert. */
export function Highlighted({ text, findings }: { text: string; findings: Finding[] }) {
  const parts: ReactElement[] = [];
  let pos = 0;
  findings.forEach((f, i) => {
    if (f.start < pos) return;
    parts.push(<span key={`t${i}`}>{text.slice(pos, f.start)}</span>);
    parts.push(<mark key={`m${i}`} title={f.label} data-category={f.category}>{text.slice(f.start, f.end)}</mark>);
    pos = f.end;
  });
  parts.push(<span key="rest">{text.slice(pos)}</span>);
  return <>{parts}</>;
}

interface Props {
  destination: 'public' | 'community' | 'care_team';
  canAnnounce: boolean;
  hasPseudonym: boolean;
  onSubmit: (input: { title: string; body: string; kind: string; anonymous: boolean; confirmPhi: boolean; consentId: string | null; visibility: string; questionTo: string | null }) => Promise<string | void>;
}

/** Post composer with live PHI highlighting and the guard's decision on submit. */
export function Composer({ destination, canAnnounce, hasPseudonym, onSubmit }: Props) {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [kind, setKind] = useState('post');
  const [visibility, setVisibility] = useState('members');
  const [anonymous, setAnonymous] = useState(false);
  const [questionTo, setQuestionTo] = useState('');
  const [consentId, setConsentId] = useState('');
  const [providers, setProviders] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    if (kind === 'question' && providers.length === 0) api<{ providers: { id: string; name: string }[] }>('GET', '/api/providers').then((r) => setProviders(r.providers)).catch(() => undefined);
  }, [kind, providers.length]);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [verdict, setVerdict] = useState<string>('allow');
  const [pending, setPending] = useState<{ message: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    const text = body;
    const mine = ++seq.current;
    if (!text.trim()) {
      setFindings([]);
      return;
    }
    const t = setTimeout(() => {
      api<{ findings: Finding[]; decision: { verdict: string } }>('POST', '/api/phi/scan', { text, destination })
        .then((r) => {
          if (mine !== seq.current) return;
          setFindings(r.findings);
          setVerdict(r.decision.verdict);
        })
        .catch(() => undefined);
    }, 250);
    return () => clearTimeout(t);
  }, [body, destination]);

  const send = async (confirmPhi: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const note = await onSubmit({ title, body, kind, anonymous, confirmPhi, consentId: consentId.trim() || null, visibility, questionTo: kind === 'question' && questionTo ? questionTo : null });
      setNotice(note ?? null);
      setTitle('');
      setBody('');
      setPending(null);
      setFindings([]);
    } catch (e) {
      if (e instanceof ApiError && e.id === 'phi_confirmation_required') setPending({ message: e.message });
      else setError(e instanceof ApiError ? e : 'Could not post.');
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(false);
  };

  return (
    <form className="composer" onSubmit={submit} aria-label="New post">
      <label htmlFor="post-title">Title</label>
      <input id="post-title" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
      <label htmlFor="post-body">Message</label>
      <textarea id="post-body" value={body} rows={5} maxLength={MAX_POST_CHARS} onChange={(e) => setBody(e.target.value)} required aria-describedby="phi-status char-count" />
      <div className="row">
        <span id="char-count" className="muted">{body.length.toLocaleString()} / {MAX_POST_CHARS.toLocaleString()} characters</span>
        <label>
          Type{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="post">Post</option>
            <option value="question">Question for a provider</option>
            {canAnnounce && (
              <>
                <option value="announcement">Announcement</option>
                <option value="education">Health education</option>
                <option value="event">Event</option>
                <option value="campaign">Campaign</option>
              </>
            )}
          </select>
        </label>
        {kind === 'question' && (
          <label>
            Ask{' '}
            <select value={questionTo} onChange={(e) => setQuestionTo(e.target.value)}>
              <option value="">the organization</option>
              {providers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </label>
        )}
        <label>
          Visible to{' '}
          <select value={visibility} onChange={(e) => setVisibility(e.target.value)}>
            <option value="members">Community</option>
            <option value="public">Public</option>
            <option value="care_team">Care team only</option>
          </select>
        </label>
        {hasPseudonym && (
          <label>
            <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> Post under my pseudonym
          </label>
        )}
      </div>
      <div id="phi-status" aria-live="polite" className={findings.length ? 'phi-warning' : 'phi-ok'}>
        {findings.length === 0 ? (
          body.trim() ? 'No identifiers found.' : ''
        ) : (
          <>
            <strong>{findings.length} possible identifier{findings.length > 1 ? 's' : ''}</strong>{' '}
            ({[...new Set(findings.map((f) => f.label))].join(', ')}){verdict === 'block' ? ' — this cannot be posted here.' : verdict === 'needs_consent' ? ' — needs a patient consent record.' : ''}
            <p className="preview" data-testid="phi-preview"><Highlighted text={body} findings={findings} /></p>
          </>
        )}
      </div>
      {verdict === 'needs_consent' && (
        <>
          <label htmlFor="consent-id">Consent record id (from Consents)</label>
          <input id="consent-id" value={consentId} onChange={(e) => setConsentId(e.target.value)} />
        </>
      )}
      {pending && (
        <div role="alertdialog" aria-labelledby="confirm-phi" className="confirm">
          <p id="confirm-phi">{pending.message}</p>
          <button type="button" onClick={() => send(true)} disabled={busy}>Post anyway</button>{' '}
          <button type="button" onClick={() => setPending(null)}>Edit my post</button>
        </div>
      )}
      <ErrorNote error={error} />
      {notice && <p role="status" className="phi-warning">{notice}</p>}
      <button type="submit" disabled={busy || !body.trim()}>Post</button>
    </form>
  );
}

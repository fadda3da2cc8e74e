import { CATEGORY_LABELS } from '../api/enums.gen.ts';
import { Markdown } from '../shared/Markdown.tsx';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type Session, type Res } from '../api/client.ts';
import { Highlighted } from '../community/Composer.tsx';
import { navigate } from '../app/router.ts';
import { PhiConfirm, usePhiConfirm } from '../shared/PhiConfirm.tsx';
import { PictureAttacher, PictureGallery, usePictures } from '../shared/Pictures.tsx';
import { locale, msg, t } from '../i18n/index.ts';

type Thread = Res<'GET /api/threads'>['threads'][number];
type Message = Res<'GET /api/threads/{id}'>['messages'][number];
type Contact = Res<'GET /api/contacts'>['contacts'][number];

const KIND_LABEL: Record<string, string> = { care_team: msg('Care team'), direct: msg('Direct message'), consult: msg('Case consult') };

/** What a consult will store: identifiers replaced with surrogates, shown before sending. */
function ConsultPreview({ text }: { text: string }) {
  const [preview, setPreview] = useState<{ redacted: string; replacements: { start: number; end: number; category: string }[] } | null>(
    null,
  );
  useEffect(() => {
    if (!text.trim()) return setPreview(null);
    const t = setTimeout(() => {
      api<{ redacted: string; replacements: { start: number; end: number; category: string }[] }>('POST', '/api/phi/scan', {
        text,
        destination: 'care_team',
        mode: 'surrogate',
      })
        .then(setPreview)
        .catch(() => undefined);
    }, 250);
    return () => clearTimeout(t);
  }, [text]);
  if (!preview || preview.replacements.length === 0) return null;
  return (
    <div className="phi-warning" data-testid="consult-preview">
      <strong>{t('Identifiers will be replaced before sending ({{count}}):', { count: preview.replacements.length })}</strong>
      <p className="preview">
        <Highlighted text={preview.redacted} findings={preview.replacements.map((r) => ({ ...r, label: r.category, confidence: 1 }))} />
      </p>
    </div>
  );
}

export function MessagesPage({ session, threadId }: { session: Session; threadId?: string }) {
  const [threads, setThreads] = useState<Thread[]>([]);
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [form, setForm] = useState({ kind: session.role === 'patient' ? 'care_team' : 'direct', to: '', subject: '', body: '' });
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const [t, c] = await Promise.all([
      api<{ threads: Thread[] }>('GET', '/api/threads'),
      api<{ contacts: Contact[] }>('GET', '/api/contacts'),
    ]);
    setThreads(t.threads);
    setContacts(c.contacts);
  }, []);
  useEffect(() => {
    load().catch(() => setError(t('Could not load your messages.')));
  }, [load, threadId]);

  const startConfirm = usePhiConfirm(
    async (confirmPhi) => {
      setError(null);
      const r = await api<{ thread: { id: string } }>('POST', '/api/threads', {
        kind: form.kind,
        participantIds: [form.to],
        subject: form.subject,
        body: form.body,
        confirmPhi,
      });
      setForm({ ...form, subject: '', body: '' });
      navigate(`/messages/${r.thread.id}`);
    },
    (err) => setError(err instanceof ApiError ? err.message : t('Could not send.')),
  );
  const start = (e: FormEvent) => {
    e.preventDefault();
    void startConfirm.submit(false);
  };
  const kinds =
    session.role === 'patient'
      ? ['care_team']
      : session.role === 'clinician'
        ? ['direct', 'care_team', 'consult']
        : ['direct', 'care_team'];
  const eligible = contacts.filter((c) => (form.kind === 'consult' ? c.role === 'clinician' : true));

  return (
    <section aria-labelledby="messages-heading" className="split">
      <div>
        <h1 id="messages-heading">{t('Messages')}</h1>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <ul className="threads">
          {threads.map((thread) => (
            <li key={thread.id} className={thread.unread ? 'unread' : ''}>
              <a
                href={`/messages/${thread.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/messages/${thread.id}`);
                }}
              >
                {thread.subject || thread.with || t('Conversation')}
              </a>
              <p className="muted">
                {t(KIND_LABEL[thread.kind])} · {thread.with} · {new Date(thread.lastMessageAt).toLocaleString(locale())}
              </p>
            </li>
          ))}
          {threads.length === 0 && <li className="muted">{t('No conversations yet.')}</li>}
        </ul>
        <form onSubmit={start} aria-label={t('New conversation')} className="composer">
          <h2>{t('New conversation')}</h2>
          <label htmlFor="msg-kind">{t('Kind')}</label>
          <select id="msg-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value, to: '' })}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(KIND_LABEL[k])}
              </option>
            ))}
          </select>
          <label htmlFor="msg-to">{t('To')}</label>
          <select id="msg-to" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} required>
            <option value="">{t('Choose…')}</option>
            {eligible.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.role})
              </option>
            ))}
          </select>
          <label htmlFor="msg-subject">{t('Subject')}</label>
          <input id="msg-subject" value={form.subject} maxLength={200} onChange={(e) => setForm({ ...form, subject: e.target.value })} />
          <label htmlFor="msg-body">{t('Message')}</label>
          <textarea
            id="msg-body"
            rows={4}
            maxLength={10000}
            value={form.body}
            onChange={(e) => setForm({ ...form, body: e.target.value })}
            required
          />
          {form.kind === 'consult' && <ConsultPreview text={form.body} />}
          <PhiConfirm confirm={startConfirm} action={t('Send anyway')} />
          <button type="submit">{t('Send')}</button>
        </form>
      </div>
      {threadId && <ThreadView id={threadId} onSent={load} />}
    </section>
  );
}

function ThreadView({ id, onSent }: { id: string; onSent: () => void }) {
  const [data, setData] = useState<{ thread: { kind: string; subject: string }; participants: Contact[]; messages: Message[] } | null>(
    null,
  );
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const kind = data?.thread.kind;
  // Consult pictures are de-identified as soon as they are checked (faces blurred, identifiers covered).
  const pictures = usePictures(kind === 'direct' ? 'direct' : 'care_team', { autoHide: kind === 'consult' });
  const load = useCallback(
    () =>
      api<typeof data>('GET', `/api/threads/${id}`)
        .then(setData)
        .catch((e) => setError(e instanceof ApiError ? e.message : t('Could not load.'))),
    [id],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const sendConfirm = usePhiConfirm(
    async (confirmPhi) => {
      setError(null);
      await api('POST', `/api/threads/${id}/messages`, { body, confirmPhi, mediaIds: await pictures.saved() });
      setBody('');
      pictures.clear();
      await load();
      onSent();
    },
    (err) => setError(err instanceof ApiError ? err.message : t('Could not send.')),
  );
  const send = (e: FormEvent) => {
    e.preventDefault();
    void sendConfirm.submit(false);
  };
  if (!data)
    return error ? (
      <p role="alert" className="error">
        {error}
      </p>
    ) : (
      <p className="loading">{t('Loading…')}</p>
    );
  return (
    <div aria-label={t('Conversation')} className="thread">
      <h2>{data.thread.subject || t(KIND_LABEL[data.thread.kind])}</h2>
      <p className="muted">
        {KIND_LABEL[data.thread.kind]} with {data.participants.map((p) => p.name).join(', ')}
      </p>
      <ol className="messages">
        {data.messages.map((m) => (
          <li key={m.id} className={m.mine ? 'mine' : ''}>
            <div className="body">
              {m.redactions?.length ? (
                <Highlighted
                  text={m.body}
                  findings={m.redactions.map((r) => ({
                    ...r,
                    label: `replaced ${(CATEGORY_LABELS[r.category] ?? r.category).toLowerCase()}`,
                    confidence: 1,
                  }))}
                />
              ) : (
                <Markdown text={m.body} />
              )}
            </div>
            <PictureGallery pictures={m.pictures} />
            <p className="muted">
              {m.author.name} · {new Date(m.createdAt).toLocaleString(locale())}
              {m.redactions?.length ? t(' · {{length}} identifier(s) replaced', { length: m.redactions.length }) : ''}
            </p>
          </li>
        ))}
      </ol>
      <form onSubmit={send} aria-label={t('Reply to conversation')}>
        <label htmlFor="thread-reply">{t('Reply')}</label>
        <textarea id="thread-reply" rows={3} value={body} onChange={(e) => setBody(e.target.value)} required />
        {data.thread.kind === 'consult' && <ConsultPreview text={body} />}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <PictureAttacher
          pictures={pictures}
          label={kind === 'consult' ? t('Add case pictures (faces and identifiers are hidden automatically)') : t('Add pictures')}
        />
        <PhiConfirm confirm={sendConfirm} action={t('Send anyway')} />
        <button type="submit" disabled={pictures.busy}>
          {pictures.busy ? t('Checking pictures…') : t('Send reply')}
        </button>
      </form>
    </div>
  );
}

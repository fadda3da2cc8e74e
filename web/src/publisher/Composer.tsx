import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, type Res } from '../api/client.ts';
import { ConsentPicker, type ConsentChoice } from '../shared/ConsentPicker.tsx';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { PhiConfirm, usePhiConfirm } from '../shared/PhiConfirm.tsx';
import { PhiStatus, usePhiScan } from '../shared/PhiStatus.tsx';
import { PictureAttacher, usePictures, type AttachedPicture } from '../shared/Pictures.tsx';
import { useAction } from '../shared/useAction.ts';
import { TargetList, when } from './TargetList.tsx';
import { BulkUpload } from './BulkUpload.tsx';
import { approvedCaptions, type LibraryItem } from './Library.tsx';
import { locale, t, tn } from '../i18n/index.ts';

type Channel = Res<'GET /api/publisher/channels'>['channels'][number];
type PubPost = Res<'GET /api/publisher/posts'>['posts'][number];
type Preview = Res<'POST /api/publisher/preview'>['channels'];
type Repeat = '' | 'day' | 'week' | 'month';

/** What each chosen channel would receive, fetched as the author types (after a short pause). */
function usePreview(body: string, followUps: string[], channelIds: string[], campaign: string) {
  const [preview, setPreview] = useState<Preview>([]);
  useEffect(() => {
    if (!body.trim() || channelIds.length === 0) {
      setPreview([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api<Res<'POST /api/publisher/preview'>>('POST', '/api/publisher/preview', {
        body,
        followUps: followUps.filter((p) => p.trim()),
        channelIds,
        campaign: campaign || null,
      })
        .then((r) => live && setPreview(r.channels))
        .catch(() => live && setPreview([]));
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [body, followUps, channelIds, campaign]);
  return preview;
}

/** Each channel's post as it will look there: every part, its count against the network's limit. */
function NetworkPreview({ preview }: { preview: Preview }) {
  if (!preview.length) return null;
  return (
    <section aria-label={t('Preview per network')} className="previews">
      <h3>{t('Preview')}</h3>
      {preview.map((c) => (
        <article key={c.channelId} className="preview-card" data-testid="network-preview">
          <header>
            <strong>{c.channel}</strong> <span className="muted">({c.network})</span>
          </header>
          {c.parts.map((p, i) => (
            <div key={i} className={i ? 'preview-part' : undefined}>
              {i > 0 && (
                <p className="muted">
                  {c.followUpsAs === 'comments' ? t('Comment under the post') : t('Thread, part {{value}}', { value: i + 1 })}
                </p>
              )}
              <p className="body">{p.text}</p>
              <p className={p.fits ? 'muted' : 'error'}>
                {p.length} / {c.maxLength}
                {p.fits ? '' : t(' — too long for this network')}
              </p>
            </div>
          ))}
        </article>
      ))}
    </section>
  );
}

/** The composer (post, thread parts, channels, schedule, repetition, drafts), the calendar and recent posts. */
export function ComposeAndCalendar() {
  const [channels, setChannels] = useState<Channel[]>([]);
  const [posts, setPosts] = useState<PubPost[]>([]);
  const [body, setBody] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [scheduledAt, setScheduledAt] = useState('');
  const [campaign, setCampaign] = useState('');
  const pictures = usePictures('public');
  // A draft's pictures already attached, kept unless removed.
  const [kept, setKept] = useState<AttachedPicture[]>([]);
  const [composeError, setComposeError] = useState<unknown>(null);
  const [consents, setConsents] = useState<ConsentChoice[]>([]);
  const [followUps, setFollowUps] = useState<string[]>([]);
  const [repeat, setRepeat] = useState<Repeat>('');
  const [times, setTimes] = useState(4);
  const [editing, setEditing] = useState<string | null>(null);
  const phi = usePhiScan([body, ...followUps].join('\n\n'), 'public', { consentIds: consents.map((c) => c.id) });
  const preview = usePreview(body, followUps, chosen, campaign);
  const [month, setMonth] = useState(() => {
    const d = new Date();
    return new Date(d.getFullYear(), d.getMonth(), 1);
  });
  const load = useCallback(async () => {
    setChannels((await api<{ channels: Channel[] }>('GET', '/api/publisher/channels')).channels);
    setPosts((await api<{ posts: PubPost[] }>('GET', '/api/publisher/posts')).posts);
  }, []);
  const { act, error, message, setMessage } = useAction(load);
  const postable = channels.filter((c) => c.canPost && c.status === 'active');
  const limit = Math.min(...postable.filter((c) => chosen.includes(c.id)).map((c) => c.maxLength), Infinity);
  // Which button sent the form; read by the send (also when the PHI question is answered afterwards).
  const asDraft = useRef(false);
  const clear = () => {
    setBody('');
    setConsents([]);
    setFollowUps([]);
    setRepeat('');
    setEditing(null);
    setKept([]);
    pictures.clear();
  };
  const confirm = usePhiConfirm(async (confirmPhi) => {
    setComposeError(null);
    const composition = {
      body,
      channelIds: chosen,
      scheduledAt: scheduledAt ? new Date(scheduledAt).toISOString() : null,
      campaign: campaign || null,
      consentIds: consents.map((c) => c.id),
      followUps,
      repeat: repeat ? { every: repeat, times } : null,
      draft: asDraft.current,
      confirmPhi,
      mediaIds: [...kept.map((k) => k.id), ...(await pictures.saved())],
    };
    const r = editing
      ? await api<{ post: { approvalsRequired: number } }>('PUT', `/api/publisher/posts/${editing}`, composition)
      : await api<{ post: { approvalsRequired: number } }>('POST', '/api/publisher/posts', composition);
    clear();
    setMessage(
      asDraft.current
        ? t('Saved as a draft: only you see it until you send it for approval.')
        : tn('Sent for approval (1 approval needed).', 'Sent for approval ({{count}} approvals needed).', r.post.approvalsRequired),
    );
    await load();
  }, setComposeError);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const draft = (e.nativeEvent as SubmitEvent).submitter?.getAttribute('value') === 'draft';
    asDraft.current = draft;
    void confirm.submit(false);
  };
  const editDraft = (p: PubPost) => {
    setEditing(p.id);
    setBody(p.body);
    setFollowUps(p.followUps);
    setChosen(p.targets.map((t) => t.channelId));
    setScheduledAt(p.scheduledAt ? toLocalInput(p.scheduledAt) : '');
    setCampaign(p.campaign ?? '');
    setRepeat(p.repeat?.every ?? '');
    if (p.repeat) setTimes(p.repeat.remaining + 1);
    setKept(p.pictures);
    pictures.clear();
    document.getElementById('pub-body')?.focus();
  };
  const drafts = posts.filter((p) => p.status === 'draft');
  const [captions, setCaptions] = useState<LibraryItem[]>([]);
  useEffect(() => {
    approvedCaptions()
      .then(setCaptions)
      .catch(() => setCaptions([]));
  }, []);
  const takeCaption = (id: string) => {
    const item = captions.find((c) => c.id === id);
    if (!item) return;
    setBody(item.body);
    void api('POST', `/api/publisher/library/${id}/use`).catch(() => undefined);
  };
  const days = useMemo(() => {
    const first = new Date(month);
    const start = new Date(first);
    start.setDate(1 - ((first.getDay() + 6) % 7));
    return Array.from({ length: 42 }, (_, i) => new Date(start.getFullYear(), start.getMonth(), start.getDate() + i));
  }, [month]);
  const onDay = (d: Date) =>
    posts.filter((p) => {
      const t = new Date(p.scheduledAt ?? p.targets.find((x) => x.publishedAt)?.publishedAt ?? p.createdAt);
      return t.toDateString() === d.toDateString();
    });
  return (
    <div>
      <form onSubmit={submit} className="composer" aria-label={t('Compose a network post')}>
        {captions.length > 0 && (
          <div className="row">
            <label htmlFor="pub-library">{t('Start from the library')}</label>
            <select id="pub-library" value="" onChange={(e) => takeCaption(e.target.value)}>
              <option value="">{t('Choose an approved caption…')}</option>
              {captions.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
        )}
        <label htmlFor="pub-body">{t('Post')}</label>
        <textarea
          id="pub-body"
          rows={4}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          required
          aria-describedby="pub-phi-status"
        />
        <p className="muted" aria-live="polite">
          {[...body].length}
          {Number.isFinite(limit) ? ` / ${limit}` : ''} characters
        </p>
        <PhiStatus id="pub-phi-status" text={[body, ...followUps].join('\n\n')} findings={phi.findings} verdict={phi.verdict} />
        {followUps.map((part, i) => (
          <div key={i}>
            <label htmlFor={`pub-part-${i}`}>
              {t('Part')} {i + 2} {t('(a thread where the network has threads, a comment under the post elsewhere)')}
            </label>
            <textarea
              id={`pub-part-${i}`}
              rows={2}
              value={part}
              onChange={(e) => setFollowUps(followUps.map((p, j) => (j === i ? e.target.value : p)))}
            />
            <button type="button" onClick={() => setFollowUps(followUps.filter((_, j) => j !== i))}>
              {t('Remove part')} {i + 2}
            </button>
          </div>
        ))}
        {followUps.length < 10 && (
          <button type="button" onClick={() => setFollowUps([...followUps, ''])}>
            {t('Add a part (thread or first comment)')}
          </button>
        )}
        {(phi.verdict === 'needs_consent' || consents.length > 0) && (
          <ConsentPicker value={consents} onChange={setConsents} destination="public" />
        )}
        <fieldset>
          <legend>{t('Channels')}</legend>
          {postable.length === 0 && (
            <p className="muted">{t('No network is connected yet: connect one under Channels (the built-in Sandbox needs no account).')}</p>
          )}
          {postable.map((c) => (
            <label key={c.id} className="inline">
              <input
                type="checkbox"
                checked={chosen.includes(c.id)}
                onChange={() => setChosen(chosen.includes(c.id) ? chosen.filter((x) => x !== c.id) : [...chosen, c.id])}
              />{' '}
              {c.name}{' '}
              <span className="muted">
                ({c.network}, {c.maxLength})
              </span>
            </label>
          ))}
        </fieldset>
        <div className="row">
          <label htmlFor="pub-when">{t('Publish at (empty: as soon as approved)')}</label>
          <input id="pub-when" type="datetime-local" value={scheduledAt} onChange={(e) => setScheduledAt(e.target.value)} />
          <label htmlFor="pub-campaign">{t('Campaign')}</label>
          <input id="pub-campaign" value={campaign} maxLength={100} onChange={(e) => setCampaign(e.target.value)} />
          <label htmlFor="pub-repeat">{t('Repeat')}</label>
          <select id="pub-repeat" value={repeat} onChange={(e) => setRepeat(e.target.value as Repeat)}>
            <option value="">{t('Once')}</option>
            <option value="day">{t('Every day')}</option>
            <option value="week">{t('Every week')}</option>
            <option value="month">{t('Every month')}</option>
          </select>
          {repeat && (
            <>
              <label htmlFor="pub-times">{t('Times in all')}</label>
              <input id="pub-times" type="number" min={2} max={53} value={times} onChange={(e) => setTimes(Number(e.target.value))} />
            </>
          )}
        </div>
        {repeat && <p className="muted">{t('One approval covers the whole series; cancel the next occurrence to end it.')}</p>}
        {kept.length > 0 && (
          <ul className="kept-pictures" aria-label={t('Pictures of this draft')}>
            {kept.map((k) => (
              <li key={k.id}>
                <img src={`/api/media/${k.id}/files/w320`} alt={k.altText} width={160} height={Math.round((160 * k.height) / k.width)} />
                <button type="button" onClick={() => setKept((all) => all.filter((x) => x.id !== k.id))}>
                  {t('Remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <PictureAttacher pictures={pictures} label={t('Add pictures (Mastodon, Bluesky and the Sandbox take up to 4)')} />
        <NetworkPreview preview={preview} />
        <PhiConfirm confirm={confirm} action={t('Submit anyway')} />
        <ErrorNote error={composeError} />
        {message && <p role="status">{message}</p>}
        <div className="row">
          <button type="submit" value="submit" disabled={confirm.busy || pictures.busy}>
            {t('Send for approval')}
          </button>
          <button type="submit" value="draft" disabled={confirm.busy || pictures.busy}>
            {t('Save as draft')}
          </button>
          {editing && (
            <button type="button" onClick={clear}>
              {t('Stop editing')}
            </button>
          )}
        </div>
      </form>
      <BulkUpload onDone={load} />
      {drafts.length > 0 && (
        <>
          <h2>{t('Your drafts')}</h2>
          <ul className="comments">
            {drafts.map((p) => (
              <li key={p.id}>
                <p className="body">{p.body}</p>
                <p className="muted">
                  {p.targets.map((t) => t.channel).join(', ')}
                  {p.followUps.length ? t(' · {{value}} parts', { value: p.followUps.length + 1 }) : ''}
                </p>
                <button type="button" onClick={() => editDraft(p)}>
                  {t('Edit')}
                </button>{' '}
                <button type="button" onClick={() => act(async () => void (await api('POST', `/api/publisher/posts/${p.id}/cancel`)))}>
                  {t('Discard')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <ErrorNote error={error} />
      <h2>{t('Calendar')}</h2>
      <div className="row">
        <button type="button" onClick={() => setMonth(new Date(month.getFullYear(), month.getMonth() - 1, 1))}>
          {t('← Previous')}
        </button>
        <strong>{month.toLocaleDateString(locale(), { month: 'long', year: 'numeric' })}</strong>
        <button type="button" onClick={() => setMonth(new Date(month.getFullYear(), month.getMonth() + 1, 1))}>
          {t('Next →')}
        </button>
      </div>
      <table className="calendar" data-testid="calendar">
        <thead>
          <tr>
            {[t('Mon'), t('Tue'), t('Wed'), t('Thu'), t('Fri'), t('Sat'), t('Sun')].map((d) => (
              <th key={d}>{d}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: 6 }, (_, w) => (
            <tr key={w}>
              {days.slice(w * 7, w * 7 + 7).map((d) => (
                <td key={d.toISOString()} className={d.getMonth() === month.getMonth() ? '' : 'muted'}>
                  <div>{d.getDate()}</div>
                  {onDay(d).map((p) => (
                    <div key={p.id} className="badge" title={p.body}>
                      {p.status.replace('_', ' ')}: {p.body.slice(0, 24)}
                    </div>
                  ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('Recent posts')}</h2>
      <ul className="comments">
        {posts
          .filter((p) => p.status !== 'draft')
          .map((p) => (
            <li key={p.id}>
              <p className="body">{p.body}</p>
              {p.followUps.map((f, i) => (
                <p key={i} className="body thread-part">
                  {f}
                </p>
              ))}
              <p className="muted">
                {p.author} · {p.status.replace('_', ' ')}
                {p.scheduledAt ? t(' · scheduled {{value}}', { value: when(p.scheduledAt) }) : ''}
                {p.campaign ? ` · ${p.campaign}` : ''}
                {p.repeat
                  ? t(' · repeats every {{every}}, {{remaining}} more', { every: p.repeat.every, remaining: p.repeat.remaining })
                  : ''}
              </p>
              <TargetList
                post={p}
                onRetry={(id) =>
                  act(async () => {
                    await api('POST', `/api/publisher/targets/${id}/retry`);
                  })
                }
                onTakeDown={(id, channel) => {
                  const reason = window.prompt(t('Why take this post down from {{channel}}? (kept in the archive)', { channel }));
                  if (!reason || reason.trim().length < 3) return;
                  void act(async () => {
                    await api('POST', `/api/publisher/targets/${id}/takedown`, { reason });
                    setMessage(t('Taking the post down from {{channel}}; it is removed there within a minute.', { channel }));
                  });
                }}
              />
              {['pending_approval', 'approved'].includes(p.status) && (
                <button
                  type="button"
                  onClick={() =>
                    act(async () => {
                      await api('POST', `/api/publisher/posts/${p.id}/cancel`);
                    })
                  }
                >
                  {t('Cancel')}
                </button>
              )}
            </li>
          ))}
      </ul>
    </div>
  );
}

/** An ISO time as the value of a datetime-local input (local time, minutes). */
function toLocalInput(iso: string) {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

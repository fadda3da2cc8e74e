import { ErrorNote } from '../shared/ErrorNote.tsx';
import { useEffect, useState, type FormEvent } from 'react';
import { useDraft } from '../shared/drafts.ts';
import { MentionTextarea } from './MentionTextarea.tsx';
import { api, ApiError } from '../api/client.ts';
import { ConsentPicker, type ConsentChoice } from '../shared/ConsentPicker.tsx';
import { PhiConfirm, usePhiConfirm } from '../shared/PhiConfirm.tsx';
import { PhiStatus, usePhiScan } from '../shared/PhiStatus.tsx';
import { PictureAttacher, usePictures } from '../shared/Pictures.tsx';
import type { DESTINATIONS } from '../api/enums.gen.ts';
import { locale, t } from '../i18n/index.ts';

export { Highlighted } from '../shared/PhiStatus.tsx';

export const MAX_POST_CHARS = 20_000;

interface Props {
  destination: Exclude<(typeof DESTINATIONS)[number], 'direct'>;
  canAnnounce: boolean;
  hasPseudonym: boolean;
  /** The community written to: its members complete @mentions, and the draft is kept per community. */
  communityId: string;
  onSubmit: (input: {
    title: string;
    body: string;
    contentWarning: string | null;
    kind: string;
    anonymous: boolean;
    confirmPhi: boolean;
    consentIds: string[];
    visibility: string;
    questionTo: string | null;
    mediaIds: string[];
  }) => Promise<string | void>;
}

/** Post composer with live PHI highlighting and the guard's decision on submit. */
export function Composer({ destination, canAnnounce, hasPseudonym, communityId, onSubmit }: Props) {
  const [title, setTitle, clearTitle] = useDraft(`post-title:${communityId}`);
  const [body, setBody, clearBody] = useDraft(`post:${communityId}`);
  const [contentWarning, setContentWarning] = useState('');
  const [kind, setKind] = useState('post');
  const [visibility, setVisibility] = useState('members');
  // Someone who joined under a pseudonym posts under it unless they choose otherwise.
  const [anonymous, setAnonymous] = useState(hasPseudonym);
  const [questionTo, setQuestionTo] = useState('');
  const [consents, setConsents] = useState<ConsentChoice[]>([]);
  const [providers, setProviders] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    if (kind === 'question' && providers.length === 0)
      api<{ providers: { id: string; name: string }[] }>('GET', '/api/providers')
        .then((r) => setProviders(r.providers))
        .catch(() => undefined);
  }, [kind, providers.length]);
  const target =
    visibility === 'care_team'
      ? 'care_team'
      : visibility === 'public' && destination === 'public'
        ? 'public'
        : destination === 'care_team'
          ? 'care_team'
          : 'community';
  const { findings, verdict, clear } = usePhiScan(body, target, { title, consentIds: consents.map((c) => c.id) });
  const pictures = usePictures(target);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const confirm = usePhiConfirm(
    async (confirmPhi) => {
      setError(null);
      const note = await onSubmit({
        title,
        body,
        contentWarning: contentWarning.trim() || null,
        kind,
        anonymous,
        confirmPhi,
        consentIds: consents.map((c) => c.id),
        visibility,
        questionTo: kind === 'question' && questionTo ? questionTo : null,
        mediaIds: await pictures.saved(),
      });
      pictures.clear();
      setNotice(note ?? null);
      clearTitle();
      clearBody();
      setContentWarning('');
      setConsents([]);
      clear();
    },
    (e) => setError(e instanceof ApiError ? e : t('Could not post.')),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void confirm.submit(false);
  };

  return (
    <form className="composer" onSubmit={submit} aria-label={t('New post')}>
      <label htmlFor="post-title">{t('Title')}</label>
      <input id="post-title" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
      <label htmlFor="post-body">{t('Message')}</label>
      <MentionTextarea
        communityId={communityId}
        id="post-body"
        value={body}
        onValue={setBody}
        rows={5}
        maxLength={MAX_POST_CHARS}
        required
        aria-describedby="phi-status char-count format-help"
      />
      <p id="format-help" className="muted">
        {t('**bold**, *italic*, - lists and links work; type @ to mention a member. Your draft is kept until you post or sign out.')}
      </p>
      <label htmlFor="post-cw">{t('Content warning (optional: readers open the post themselves)')}</label>
      <input
        id="post-cw"
        value={contentWarning}
        maxLength={200}
        onChange={(e) => setContentWarning(e.target.value)}
        placeholder={t('e.g. pregnancy loss, self-harm')}
      />
      <div className="row">
        <span id="char-count" className="muted">
          {body.length.toLocaleString(locale())} / {MAX_POST_CHARS.toLocaleString(locale())} {t('characters')}
        </span>
        <label>
          {t('Type')}{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="post">{t('Post')}</option>
            <option value="question">{t('Question for a provider')}</option>
            {canAnnounce && (
              <>
                <option value="announcement">{t('Announcement')}</option>
                <option value="education">{t('Health education')}</option>
                <option value="event">{t('Event')}</option>
                <option value="campaign">{t('Campaign')}</option>
              </>
            )}
          </select>
        </label>
        {kind === 'question' && (
          <label>
            {t('Ask')}{' '}
            <select value={questionTo} onChange={(e) => setQuestionTo(e.target.value)}>
              <option value="">{t('the organization')}</option>
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('Visible to')}{' '}
          <select value={visibility} onChange={(e) => setVisibility(e.target.value)}>
            <option value="members">{t('Community')}</option>
            <option value="public">{t('Public')}</option>
            <option value="care_team">{t('Care team only')}</option>
          </select>
        </label>
        {hasPseudonym && (
          <label>
            <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> {t('Post under my pseudonym')}
          </label>
        )}
      </div>
      <PhiStatus id="phi-status" text={body} findings={findings} verdict={verdict} />
      <PictureAttacher pictures={pictures} />
      {(verdict === 'needs_consent' || pictures.needConsent || consents.length > 0) && (
        <ConsentPicker value={consents} onChange={setConsents} destination={target} />
      )}
      <PhiConfirm confirm={confirm} action={t('Post anyway')} cancel={t('Edit my post')} />
      <ErrorNote error={error} />
      {notice && (
        <p role="status" className="phi-warning">
          {notice}
        </p>
      )}
      <button type="submit" disabled={confirm.busy || !body.trim() || pictures.busy}>
        {pictures.busy ? t('Checking pictures…') : t('Post')}
      </button>
    </form>
  );
}

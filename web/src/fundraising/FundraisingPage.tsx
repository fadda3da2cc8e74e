import { useCallback, useState, type FormEvent } from 'react';
import { api, type Res } from '../api/client.ts';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { useAction } from '../shared/useAction.ts';
import { locale, t, tn } from '../i18n/index.ts';

type Campaign = Res<'GET /api/campaigns'>['campaigns'][number];

const money = (cents: number, currency: string) => (cents / 100).toLocaleString(locale(), { style: 'currency', currency });
const cents = (text: string) => Math.round(Number(text.replace(/[^\d.]/g, '')) * 100);

/**
 * Fundraising: each campaign's page (goal, progress, story, updates, the organization's donation page),
 * pledges with a choice to be thanked by name, and for the fundraising team new campaigns, recorded gifts,
 * updates, the pledge list and announcements.
 */
export function FundraisingPage({ canManage }: { canManage: boolean }) {
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const load = useCallback(async () => setCampaigns((await api<{ campaigns: Campaign[] }>('GET', '/api/campaigns')).campaigns), []);
  const { error, message, setMessage, act } = useAction(load);
  return (
    <div className="fundraising">
      <h1>{t('Fundraising')}</h1>
      <ErrorNote error={error} />
      {message && <p role="status">{message}</p>}
      {campaigns.length === 0 && (
        <p className="empty muted" role="note">
          {t('No campaigns yet.')}
        </p>
      )}
      {campaigns.map((c) => (
        <CampaignCard key={c.id} campaign={c} onChange={load} />
      ))}
      {canManage && <NewCampaign onDone={(m) => act(async () => setMessage(m))} />}
    </div>
  );
}

function CampaignCard({ campaign: c, onChange }: { campaign: Campaign; onChange: () => Promise<void> }) {
  const [amount, setAmount] = useState('');
  const [thank, setThank] = useState(false);
  const [gift, setGift] = useState({ donor: '', amount: '', consentId: '' });
  const [update, setUpdate] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>, done: string) => {
    setError(null);
    setNote(null);
    try {
      await fn();
      setNote(done);
      await onChange();
    } catch (err) {
      setError(err);
    }
  };
  const pct = Math.min(100, Math.round((c.raisedCents / c.goalCents) * 100));
  return (
    <section className="campaign-card" aria-label={c.title}>
      <h2>
        {c.title}
        {c.status === 'closed' && <span className="badge"> {t('Closed')}</span>}
      </h2>
      <p>
        <strong>{money(c.raisedCents, c.currency)}</strong> {t('pledged of')} {money(c.goalCents, c.currency)} (
        {tn('{{count}} pledge', '{{count}} pledges', c.pledges)}){c.endsOn ? t(', until {{endsOn}}', { endsOn: c.endsOn }) : ''}
      </p>
      <progress max={100} value={pct} aria-label={t('{{pct}}% of the goal', { pct })} />
      <p>{c.story}</p>
      <p>
        <a className="button" href={c.donateUrl} rel="noopener noreferrer" target="_blank">
          {t('Give on our donation page')}
        </a>{' '}
        <span className="muted">{t('(Payments happen there; Harborline never sees card details.)')}</span>
      </p>
      {c.thanked.length > 0 && (
        <p>
          {t('With thanks to')} {c.thanked.join(', ')}.
        </p>
      )}
      {c.updates.map((u) => (
        <p key={u.id} className="campaign-update">
          <span className="muted">{new Date(u.createdAt).toLocaleDateString(locale())}:</span> {u.body}
        </p>
      ))}
      {c.status === 'active' && (
        <form
          className="row"
          aria-label={t('Pledge to {{title}}', { title: c.title })}
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void run(
              () => api('POST', `/api/campaigns/${c.id}/pledges`, { amountCents: cents(amount), thankPublicly: thank }),
              t('Thank you for your pledge.'),
            );
          }}
        >
          <label>
            {t('My pledge ({{currency}})', { currency: c.currency })}
            <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} required />
          </label>
          <label className="inline">
            <input type="checkbox" checked={thank} onChange={(e) => setThank(e.target.checked)} />{' '}
            {t('Thank me by name in public (you can withdraw this under Consents)')}
          </label>
          <button type="submit">{t('Pledge')}</button>
        </form>
      )}
      {c.canManage && (
        <details>
          <summary>{t('Manage this campaign')}</summary>
          <form
            aria-label={t('Record a gift')}
            onSubmit={(e) => {
              e.preventDefault();
              void run(
                () =>
                  api('POST', `/api/campaigns/${c.id}/pledges`, {
                    amountCents: cents(gift.amount),
                    donorName: gift.donor,
                    thankPublicly: !!gift.consentId,
                    consentId: gift.consentId || null,
                  }),
                t('Gift recorded.'),
              );
            }}
          >
            <h3>{t('Record a gift from the donation platform')}</h3>
            <label>
              {t('Donor’s name')}
              <input value={gift.donor} onChange={(e) => setGift({ ...gift, donor: e.target.value })} required />
            </label>
            <label>
              {t('Amount')}
              <input inputMode="decimal" value={gift.amount} onChange={(e) => setGift({ ...gift, amount: e.target.value })} required />
            </label>
            <label>
              {t('Consent to thank them publicly (its id, from Consents; leave empty to keep the gift private)')}
              <input value={gift.consentId} onChange={(e) => setGift({ ...gift, consentId: e.target.value })} />
            </label>
            <button type="submit">{t('Record gift')}</button>
          </form>
          <form
            aria-label={t('Post an update')}
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                await api('POST', `/api/campaigns/${c.id}/updates`, { body: update });
                setUpdate('');
              }, t('Update posted.'));
            }}
          >
            <label>
              {t('Update')}
              <textarea value={update} onChange={(e) => setUpdate(e.target.value)} rows={2} required />
            </label>
            <button type="submit">{t('Post update')}</button>
          </form>
          <p>
            <a href={`/api/campaigns/${c.id}/pledges.csv`} download>
              {t('Download the pledge list (CSV)')}
            </a>{' '}
            {c.status === 'active' && (
              <button type="button" onClick={() => void run(() => api('POST', `/api/campaigns/${c.id}/close`), t('Campaign closed.'))}>
                {t('Close the campaign')}
              </button>
            )}
          </p>
        </details>
      )}
      {note && <p role="status">{note}</p>}
      <ErrorNote error={error} />
    </section>
  );
}

function NewCampaign({ onDone }: { onDone: (m: string) => Promise<void> }) {
  const [f, setF] = useState({ title: '', story: '', goal: '', donateUrl: 'https://', endsOn: '' });
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      className="form"
      aria-label={t('Start a campaign')}
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        api('POST', '/api/campaigns', {
          title: f.title,
          story: f.story,
          goalCents: cents(f.goal),
          donateUrl: f.donateUrl,
          endsOn: f.endsOn || null,
        })
          .then(() => onDone(t('Campaign started.')))
          .catch(setError);
      }}
    >
      <h2>{t('Start a campaign')}</h2>
      <label>
        {t('Title')}
        <input value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} required minLength={3} />
      </label>
      <label>
        {t('The story')}
        <textarea value={f.story} onChange={(e) => setF({ ...f, story: e.target.value })} rows={3} required minLength={10} />
      </label>
      <label>
        {t('Goal')}
        <input inputMode="decimal" value={f.goal} onChange={(e) => setF({ ...f, goal: e.target.value })} required />
      </label>
      <label>
        {t('Your donation page (https)')}
        <input type="url" value={f.donateUrl} onChange={(e) => setF({ ...f, donateUrl: e.target.value })} required />
      </label>
      <label>
        {t('Ends on (optional)')}
        <input type="date" value={f.endsOn} onChange={(e) => setF({ ...f, endsOn: e.target.value })} />
      </label>
      <ErrorNote error={error} />
      <button type="submit">{t('Start campaign')}</button>
    </form>
  );
}

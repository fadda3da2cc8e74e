import { useCallback, useState, type FormEvent } from 'react';
import { api, type Res } from '../api/client.ts';
import { useAction } from '../shared/useAction.ts';
import { locale, msg, t } from '../i18n/index.ts';

type QueueItem = Res<'GET /api/moderation/queue'>['items'][number];
type Rule = Res<'GET /api/moderation/rules'>['rules'][number];
type Source = Res<'GET /api/moderation/sources'>['sources'][number];
type Appeal = Res<'GET /api/moderation/appeals'>['appeals'][number];

const ACTIONS: { action: string; label: string; days?: boolean }[] = [
  { action: 'agree', label: msg('Agree: hide') },
  { action: 'disagree', label: msg('Disagree: keep') },
  { action: 'approve', label: msg('Approve') },
  { action: 'delete', label: msg('Delete') },
  { action: 'warn', label: msg('Warn author') },
  { action: 'silence', label: msg('Silence author'), days: true },
  { action: 'suspend', label: msg('Suspend author'), days: true },
];

type Tab = 'queue' | 'appeals' | 'rules' | 'sources' | 'claims';

export function ModerationPage() {
  const [tab, setTab] = useState<Tab>('queue');
  return (
    <section aria-labelledby="moderation-heading">
      <h1 id="moderation-heading">{t('Moderation')}</h1>
      <div className="row" role="tablist" aria-label={t('Moderation')}>
        {(['queue', 'appeals', 'rules', 'sources', 'claims'] as Tab[]).map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} onClick={() => setTab(name)}>
            {
              {
                queue: t('Queue'),
                appeals: t('Appeals'),
                rules: t('Watched words'),
                sources: t('Approved sources'),
                claims: t('Known claims and sites'),
              }[name]
            }
          </button>
        ))}
      </div>
      {tab === 'queue' && <Queue />}
      {tab === 'appeals' && <Appeals />}
      {tab === 'rules' && <Rules />}
      {tab === 'sources' && <Sources />}
      {tab === 'claims' && <ClaimsAndSites />}
    </section>
  );
}

function Queue() {
  const [items, setItems] = useState<QueueItem[]>([]);
  const [sources, setSources] = useState<Source[]>([]);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [days, setDays] = useState<Record<string, number>>({});
  const load = useCallback(async () => {
    setItems((await api<{ items: QueueItem[] }>('GET', '/api/moderation/queue')).items);
    setSources((await api<{ sources: Source[] }>('GET', '/api/moderation/sources')).sources);
  }, []);
  const { act, error, message, setMessage } = useAction(load);
  const decide = (i: QueueItem, action: string) =>
    act(async () => {
      await api('POST', `/api/moderation/items/${i.recordKind}/${i.recordId}/actions`, {
        action,
        reason: reasons[i.recordId] ?? '',
        days: days[i.recordId] ?? 7,
      });
      setMessage(t('Done: {{action}}. The author was told.', { action }));
    });
  const showCorrection = (flagId: string) =>
    act(async () => {
      await api('POST', `/api/moderation/flags/${flagId}/show-correction`);
      setMessage(t('Shown: readers see the fact-check under the post.'));
    });
  const link = (i: QueueItem, sourceId: string) =>
    act(async () => {
      await api('POST', '/api/moderation/corrections', { postId: i.postId, sourceId, note: '' });
      setMessage(t('Linked: readers see the source under the post.'));
    });
  return (
    <div role="tabpanel" aria-label={t('Queue')}>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      {items.length === 0 && <p className="muted">{t('Nothing waits for review.')}</p>}
      <ul className="comments">
        {items.map((i) => (
          <li key={i.recordId} data-testid="queue-item">
            <p>
              <span className="badge">{i.recordKind}</span>
              <span className="badge">{i.status}</span>
              {i.misinformationScore !== null && <span className="badge">misinformation {Math.round(i.misinformationScore * 100)}%</span>}
              {i.memberFlagWeight > 0 && (
                <span className="badge">
                  {t('reports weigh')} {i.memberFlagWeight}
                </span>
              )}
              <span className="muted">
                {i.author.name}
                {i.community ? t(' in {{community}}', { community: i.community }) : ''}
              </span>
            </p>
            <blockquote>
              {i.title && (
                <p>
                  <strong>{i.title}</strong>
                </p>
              )}
              <p className="body">{i.body}</p>
            </blockquote>
            <ul className="muted">
              {i.flags.map((f) => (
                <li key={f.id}>
                  {f.source === 'member'
                    ? t('{{value}} (weight {{weight}})', { value: f.reporter ?? t('A member'), weight: f.weight })
                    : f.source.replace('_', ' ')}
                  : {f.reason}
                  {f.evidence?.correction && (
                    <span className="correction">
                      {' '}
                      {t('Correction:')} {f.evidence.correction}
                    </span>
                  )}
                  {f.evidence?.url && (
                    <>
                      {' '}
                      <a href={f.evidence.url} target="_blank" rel="noopener noreferrer nofollow">
                        {t('Fact-check')}
                      </a>
                      {i.recordKind === 'post' && (
                        <>
                          {' '}
                          <button type="button" onClick={() => void showCorrection(f.id)}>
                            {t('Show this correction under the post')}
                          </button>
                        </>
                      )}
                    </>
                  )}
                </li>
              ))}
            </ul>
            {i.corrections.length > 0 && (
              <p className="muted">
                {t('Linked sources:')} {i.corrections.map((c) => `${c.title} (${c.publisher})`).join(', ')}
              </p>
            )}
            <label htmlFor={`reason-${i.recordId}`}>{t('Reason (the author sees it)')}</label>
            <input
              id={`reason-${i.recordId}`}
              value={reasons[i.recordId] ?? ''}
              maxLength={1000}
              onChange={(e) => setReasons({ ...reasons, [i.recordId]: e.target.value })}
            />
            <label className="inline">
              {t('Days for silence or suspension')}{' '}
              <input
                type="number"
                min={1}
                max={365}
                value={days[i.recordId] ?? 7}
                onChange={(e) => setDays({ ...days, [i.recordId]: Number(e.target.value) })}
                style={{ width: '5rem' }}
              />
            </label>
            <div className="row">
              {ACTIONS.map((a) => (
                <button key={a.action} type="button" onClick={() => decide(i, a.action)}>
                  {t(a.label)}
                </button>
              ))}
            </div>
            {i.recordKind === 'post' && sources.length > 0 && (
              <label>
                {t('Link an authoritative answer')}{' '}
                <select value="" onChange={(e) => e.target.value && link(i, e.target.value)}>
                  <option value="">{t('Choose a source…')}</option>
                  {sources.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.title} ({s.publisher})
                    </option>
                  ))}
                </select>
              </label>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Appeals() {
  const [appeals, setAppeals] = useState<Appeal[]>([]);
  const load = useCallback(async () => setAppeals((await api<{ appeals: Appeal[] }>('GET', '/api/moderation/appeals')).appeals), []);
  const { act, error, message, setMessage } = useAction(load);
  const decide = (a: Appeal, decision: 'uphold' | 'overturn') =>
    act(async () => {
      await api('POST', `/api/moderation/actions/${a.id}/appeal-decision`, { decision, note: '' });
      setMessage(decision === 'uphold' ? t('Decision upheld.') : t('Decision reversed.'));
    });
  return (
    <div role="tabpanel" aria-label={t('Appeals')}>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      {appeals.length === 0 && <p className="muted">{t('No appeals wait for a decision.')}</p>}
      <ul className="comments">
        {appeals.map((a) => (
          <li key={a.id}>
            <p>
              <strong>{a.author}</strong>{' '}
              {t('appeals “{{action}}” by {{moderator}}:', {
                action: a.days ? t('{{action}} for {{days}} days', { action: a.action, days: a.days }) : a.action,
                moderator: a.moderator,
              })}{' '}
              {a.reason}
            </p>
            <blockquote className="body">{a.appeal?.text}</blockquote>
            <button type="button" onClick={() => decide(a, 'uphold')}>
              {t('Uphold')}
            </button>{' '}
            <button type="button" onClick={() => decide(a, 'overturn')}>
              {t('Overturn')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Rules() {
  const [rules, setRules] = useState<Rule[]>([]);
  const [form, setForm] = useState({ pattern: '', isRegex: false, action: 'flag', replacement: '' });
  const [sample, setSample] = useState('');
  const [result, setResult] = useState<{
    result: string;
    text: string;
    matches: { pattern: string; action: string }[];
    misinformation: { probability: number; routedToReview: boolean; reasons: { kind: string; text: string }[] };
  } | null>(null);
  const load = useCallback(async () => setRules((await api<{ rules: Rule[] }>('GET', '/api/moderation/rules')).rules), []);
  const { act, error } = useAction(load);
  const draft = () => ({
    pattern: form.pattern,
    isRegex: form.isRegex,
    action: form.action,
    replacement: form.action === 'replace' ? form.replacement : null,
  });
  const add = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await api('POST', '/api/moderation/rules', { ...draft(), communityId: null });
      setForm({ pattern: '', isRegex: false, action: 'flag', replacement: '' });
    });
  };
  const test = () =>
    act(async () => {
      setResult(
        await api('POST', '/api/moderation/rules/test', { text: sample, communityId: null, ...(form.pattern ? { draft: draft() } : {}) }),
      );
    });
  return (
    <div role="tabpanel" aria-label={t('Watched words')}>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>{t('Pattern')}</th>
            <th>{t('Action')}</th>
            <th>{t('Where')}</th>
            <th>
              <span className="visually-hidden">{t('Actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id}>
              <td>
                <code>{r.pattern}</code>
                {r.isRegex && t(' (regex)')}
              </td>
              <td>
                {r.action}
                {r.replacement ? ` → ${r.replacement}` : ''}
              </td>
              <td>{r.community ?? t('all communities')}</td>
              <td>
                <button
                  type="button"
                  onClick={() =>
                    act(async () => {
                      await api('DELETE', `/api/moderation/rules/${r.id}`);
                    })
                  }
                >
                  {t('Remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={add} aria-label={t('New rule')} className="composer">
        <label htmlFor="rule-pattern">{t('Word, phrase (* matches letters) or regular expression')}</label>
        <input
          id="rule-pattern"
          value={form.pattern}
          maxLength={200}
          onChange={(e) => setForm({ ...form, pattern: e.target.value })}
          required
        />
        <div className="row">
          <label className="inline">
            <input type="checkbox" checked={form.isRegex} onChange={(e) => setForm({ ...form, isRegex: e.target.checked })} />{' '}
            {t('Regular expression')}
          </label>
          <label>
            {t('Action')}{' '}
            <select value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value })}>
              <option value="block">{t('Block')}</option>
              <option value="require_approval">{t('Require approval')}</option>
              <option value="flag">{t('Flag for review')}</option>
              <option value="replace">{t('Replace')}</option>
            </select>
          </label>
          {form.action === 'replace' && (
            <label>
              {t('Replacement')}{' '}
              <input value={form.replacement} maxLength={100} onChange={(e) => setForm({ ...form, replacement: e.target.value })} />
            </label>
          )}
        </div>
        <button type="submit">{t('Add rule')}</button>
      </form>
      <div className="composer">
        <label htmlFor="rule-sample">{t('Test this text (with the rules above and the one you are writing)')}</label>
        <textarea id="rule-sample" rows={3} value={sample} onChange={(e) => setSample(e.target.value)} />
        <button type="button" onClick={test}>
          {t('Test this text')}
        </button>
        {result && (
          <div role="status" data-testid="rule-test-result">
            <p>
              <strong>
                {t('Result:')} {result.result.replace(/_/g, ' ')}
              </strong>
            </p>
            {result.matches.map((m, k) => (
              <p key={k} className="muted">
                {t('matched “{{pattern}}” → {{action}}', { pattern: m.pattern, action: m.action })}
              </p>
            ))}
            <p className="muted">
              {t('Misinformation score')} {Math.round(result.misinformation.probability * 100)}%
              {result.misinformation.routedToReview ? t(' — would go to review') : ''}
            </p>
            {result.misinformation.reasons.map((r) => (
              <p key={r.text} className="muted">
                {r.text}
              </p>
            ))}
            <p className="body">{result.text}</p>
          </div>
        )}
      </div>
    </div>
  );
}

function Sources() {
  const [sources, setSources] = useState<Source[]>([]);
  const [form, setForm] = useState({ title: '', url: '', publisher: '', summary: '' });
  const load = useCallback(async () => setSources((await api<{ sources: Source[] }>('GET', '/api/moderation/sources')).sources), []);
  const { act, error } = useAction(load);
  const add = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await api('POST', '/api/moderation/sources', form);
      setForm({ title: '', url: '', publisher: '', summary: '' });
    });
  };
  return (
    <div role="tabpanel" aria-label={t('Approved sources')}>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <ul>
        {sources.map((s) => (
          <li key={s.id}>
            <a href={s.url} rel="noopener noreferrer" target="_blank">
              {s.title}
            </a>{' '}
            — {s.publisher}
            {s.summary ? `: ${s.summary}` : ''}
          </li>
        ))}
      </ul>
      <form onSubmit={add} aria-label={t('New source')} className="composer">
        <label htmlFor="src-title">{t('Title')}</label>
        <input id="src-title" value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} required minLength={3} />
        <label htmlFor="src-url">{t('Link (https)')}</label>
        <input id="src-url" type="url" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} required />
        <label htmlFor="src-publisher">{t('Published by')}</label>
        <input
          id="src-publisher"
          value={form.publisher}
          onChange={(e) => setForm({ ...form, publisher: e.target.value })}
          required
          minLength={2}
        />
        <label htmlFor="src-summary">{t('What it says')}</label>
        <textarea id="src-summary" rows={2} value={form.summary} onChange={(e) => setForm({ ...form, summary: e.target.value })} />
        <button type="submit">{t('Add source')}</button>
      </form>
    </div>
  );
}

type Claims = Res<'GET /api/moderation/claims'>;
type Site = Res<'GET /api/moderation/unreliable-domains'>['domains'][number];

/** The organization's own known false claims (beside the shipped fact-checked ones) and the sites it lists as unreliable. */
function ClaimsAndSites() {
  const [claims, setClaims] = useState<Claims | null>(null);
  const [sites, setSites] = useState<Site[]>([]);
  const [sources, setSources] = useState<Source[]>([]);
  const [claim, setClaim] = useState({ claim: '', correction: '', url: '', sourceId: '' });
  const [site, setSite] = useState({ domain: '', note: '' });
  const load = useCallback(async () => {
    setClaims(await api<Claims>('GET', '/api/moderation/claims'));
    setSites((await api<{ domains: Site[] }>('GET', '/api/moderation/unreliable-domains')).domains);
    setSources((await api<{ sources: Source[] }>('GET', '/api/moderation/sources')).sources);
  }, []);
  const { act, error, message, setMessage } = useAction(load);
  const addClaim = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await api('POST', '/api/moderation/claims', {
        claim: claim.claim,
        correction: claim.correction,
        url: claim.url || null,
        sourceId: claim.sourceId || null,
      });
      setClaim({ claim: '', correction: '', url: '', sourceId: '' });
      setMessage(t('Claim added: posts that repeat it go to review with your correction.'));
    });
  };
  const addSite = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const r = await api<{ domain: string }>('POST', '/api/moderation/unreliable-domains', site);
      setSite({ domain: '', note: '' });
      setMessage(t('{{domain}} listed: posts linking to it go to review.', { domain: r.domain }));
    });
  };
  return (
    <div role="tabpanel" aria-label={t('Known claims and sites')}>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      <h2>{t('Known false claims')}</h2>
      <p className="muted">
        {t('A post close to a known false claim goes to review with the claim and its correction beside it. Harborline ships')}{' '}
        {claims?.builtin.count ?? '…'} {t('fact-checked claims; add the ones your community meets.')}
      </p>
      {claims && claims.claims.length === 0 && <p className="muted">{t('None of your own yet.')}</p>}
      <ul className="comments">
        {claims?.claims.map((c) => (
          <li key={c.id}>
            <p>“{c.claim}”</p>
            {c.correction && (
              <p className="muted">
                {t('Correction:')} {c.correction}
              </p>
            )}
            {(c.url || c.source) && (
              <p className="muted">
                {t('Source:')} {c.source?.title ?? c.url}
              </p>
            )}
            <button
              type="button"
              onClick={() =>
                void act(async () => {
                  await api('DELETE', `/api/moderation/claims/${c.id}`);
                  setMessage(t('Claim retired.'));
                })
              }
            >
              {t('Retire claim')}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={addClaim} aria-label={t('Add a known false claim')}>
        <label htmlFor="claim-text">{t('The false claim, as people put it')}</label>
        <textarea
          id="claim-text"
          rows={2}
          value={claim.claim}
          onChange={(e) => setClaim({ ...claim, claim: e.target.value })}
          required
          minLength={10}
        />
        <label htmlFor="claim-correction">{t('What is true instead (moderators see it)')}</label>
        <textarea
          id="claim-correction"
          rows={2}
          value={claim.correction}
          onChange={(e) => setClaim({ ...claim, correction: e.target.value })}
        />
        <label htmlFor="claim-url">{t('Fact-check link (https)')}</label>
        <input id="claim-url" type="url" value={claim.url} onChange={(e) => setClaim({ ...claim, url: e.target.value })} />
        <label htmlFor="claim-source">{t('Or an approved source')}</label>
        <select id="claim-source" value={claim.sourceId} onChange={(e) => setClaim({ ...claim, sourceId: e.target.value })}>
          <option value="">{t('None')}</option>
          {sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title} ({s.publisher})
            </option>
          ))}
        </select>
        <button type="submit">{t('Add claim')}</button>
      </form>
      <h2>{t('Unreliable sites')}</h2>
      <p className="muted">
        {t('A post linking to one of these sites (or their subdomains) goes to review. Links are read, never opened.')}
      </p>
      {sites.length === 0 && <p className="muted">{t('No sites listed yet.')}</p>}
      <ul>
        {sites.map((d) => (
          <li key={d.domain}>
            {d.domain}
            {d.note ? ` — ${d.note}` : ''}{' '}
            <button
              type="button"
              onClick={() =>
                void act(async () => {
                  await api('DELETE', `/api/moderation/unreliable-domains/${encodeURIComponent(d.domain)}`);
                  setMessage(t('{{domain}} unlisted.', { domain: d.domain }));
                })
              }
            >
              {t('Unlist')} {d.domain}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={addSite} aria-label={t('List an unreliable site')}>
        <label htmlFor="site-domain">{t('Site (example.com)')}</label>
        <input id="site-domain" value={site.domain} onChange={(e) => setSite({ ...site, domain: e.target.value })} required minLength={3} />
        <label htmlFor="site-note">{t('Why (for other moderators)')}</label>
        <input id="site-note" value={site.note} onChange={(e) => setSite({ ...site, note: e.target.value })} maxLength={500} />
        <button type="submit">{t('List site')}</button>
      </form>
    </div>
  );
}

type MyAction = Res<'GET /api/moderation/mine'>['actions'][number];

/** A member's own moderation decisions, with the one appeal each allows. */
export function MyModerationPage() {
  const [actions, setActions] = useState<MyAction[]>([]);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const load = useCallback(async () => setActions((await api<{ actions: MyAction[] }>('GET', '/api/moderation/mine')).actions), []);
  const { act, error, message, setMessage } = useAction(load);
  return (
    <section aria-labelledby="mine-heading">
      <h1 id="mine-heading">{t('Moderation decisions about you')}</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      {actions.length === 0 && <p className="muted">{t('None.')}</p>}
      <ul className="comments">
        {actions.map((a) => (
          <li key={a.id}>
            <p>
              <strong>{a.action}</strong>
              {a.days ? t(' for {{days}} days', { days: a.days }) : ''} — {a.reason}{' '}
              <span className="muted">{new Date(a.createdAt).toLocaleString(locale())}</span>
            </p>
            {a.appeal && (
              <p className="muted">
                {t('Appeal:')} {a.appeal.status}
                {a.appeal.note ? ` — ${a.appeal.note}` : ''}
              </p>
            )}
            {a.canAppeal && (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void act(async () => {
                    await api('POST', `/api/moderation/actions/${a.id}/appeal`, { text: texts[a.id] ?? '' });
                    setMessage(t('Appeal sent. Another moderator will decide.'));
                  });
                }}
              >
                <label htmlFor={`appeal-${a.id}`}>{t('Why should this change? (one appeal per decision)')}</label>
                <textarea
                  id={`appeal-${a.id}`}
                  rows={2}
                  value={texts[a.id] ?? ''}
                  onChange={(e) => setTexts({ ...texts, [a.id]: e.target.value })}
                  required
                  minLength={3}
                />
                <button type="submit">{t('Appeal')}</button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type Session } from '../api/client.ts';
import { PhiConfirm, usePhiConfirm } from '../shared/PhiConfirm.tsx';
import { DataTable } from '../shared/DataTable.tsx';
import { CATEGORY_LABELS, DESTINATIONS } from '../api/enums.gen.ts';
import { locale, msg, t } from '../i18n/index.ts';

interface Consent {
  id: string;
  patientId: string | null;
  subject: { name: string; aliases: string[]; birthDate: string | null };
  signature: { method: string; signedName: string | null };
  purpose: string;
  destinations: string[];
  categories: string[];
  expiresAt: string;
  revokedAt: string | null;
  active: boolean;
}
const CONSENT_CATEGORIES = ['SH01_NAME', 'SH02_GEO', 'SH03_DATE', 'SH04_PHONE', 'SH06_EMAIL', 'SH17_PHOTO'];
const SIGNED: Record<string, string> = {
  signed_form: msg('signed form'),
  typed_signature: msg('typed e-signature'),
  own_account: msg('in their account'),
};

/**
 * Consent records: each names the person it covers (a patient account, or someone without one), how
 * they signed, what may be shared where, and until when. Revoking takes effect everywhere at once.
 */
export function ConsentsPage({ session }: { session: Session }) {
  const self = session.role === 'patient';
  const [consents, setConsents] = useState<Consent[]>([]);
  const [patients, setPatients] = useState<{ id: string; name: string }[]>([]);
  const blank = {
    patientId: self ? session.user.id : '',
    name: '',
    aliases: '',
    birthDate: '',
    contact: '',
    method: 'signed_form',
    signedName: '',
    purpose: '',
    destinations: ['public'],
    categories: ['SH01_NAME'],
    days: 90,
  };
  const [form, setForm] = useState(blank);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(async () => {
    setConsents((await api<{ consents: Consent[] }>('GET', '/api/consents')).consents);
    if (!self) {
      const m = await api<{ contacts: { id: string; name: string; role: string }[] }>('GET', '/api/contacts');
      setPatients(m.contacts.filter((c) => c.role === 'patient'));
    }
  }, [self]);
  useEffect(() => {
    void load();
  }, [load]);
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const confirm = usePhiConfirm(
    async (confirmPhi) => {
      setError(null);
      setNotice(null);
      const subject =
        form.name.trim() || form.aliases.trim()
          ? {
              name: form.name.trim() || patients.find((p) => p.id === form.patientId)?.name || '',
              aliases: form.aliases
                .split(',')
                .map((a) => a.trim())
                .filter(Boolean),
              birthDate: form.birthDate || null,
              contact: form.contact.trim() || null,
            }
          : null;
      await api('POST', '/api/consents', {
        patientId: form.patientId || null,
        subject,
        signature: self ? null : { method: form.method, signedName: form.method === 'typed_signature' ? form.signedName : null },
        purpose: form.purpose,
        confirmPhi,
        destinations: form.destinations,
        categories: form.categories,
        expiresAt: new Date(Date.now() + form.days * 86_400_000).toISOString(),
      });
      setForm(blank);
      setNotice(t('Consent recorded. It covers only the person named in it.'));
      await load();
    },
    (err) => setError(err instanceof ApiError ? err.message : t('Could not record the consent.')),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void confirm.submit(false);
  };
  const revoke = async (c: Consent) => {
    const r = await api<{ hiddenPosts: string[]; hiddenComments: string[]; cancelledTargets: number; takedowns: number }>(
      'POST',
      `/api/consents/${c.id}/revoke`,
    );
    setNotice(
      t(
        'Revoked. {{value}} community item(s) hidden, {{cancelledTargets}} scheduled network post(s) cancelled, {{takedowns}} published post(s) being taken down.',
        { value: r.hiddenPosts.length + r.hiddenComments.length, cancelledTargets: r.cancelledTargets, takedowns: r.takedowns },
      ),
    );
    await load();
  };
  return (
    <section aria-labelledby="consents-heading">
      <h1 id="consents-heading">{t('Consent records')}</h1>
      {notice && <p role="status">{notice}</p>}
      <DataTable
        label={t('Consent records')}
        rows={consents}
        rowKey={(c) => c.id}
        empty={t('No consent recorded yet. A consent lets a post name the person who gave it — only that person.')}
        columns={[
          {
            header: t('Person'),
            cell: (c) => (
              <>
                {c.subject.name}
                {c.subject.aliases.length ? <span className="muted"> ({c.subject.aliases.join(', ')})</span> : null}
                {c.patientId ? '' : <span className="muted"> {t('— no account')}</span>}
              </>
            ),
          },
          { header: t('Purpose'), cell: (c) => c.purpose },
          { header: t('Where'), cell: (c) => c.destinations.join(', ') },
          { header: t('Identifiers'), cell: (c) => c.categories.map((k) => CATEGORY_LABELS[k] ?? k).join(', ') },
          { header: t('Signed'), cell: (c) => (SIGNED[c.signature.method] ? t(SIGNED[c.signature.method]) : c.signature.method) },
          { header: t('Until'), cell: (c) => new Date(c.expiresAt).toLocaleDateString(locale()) },
          { header: t('Status'), cell: (c) => (c.revokedAt ? 'revoked' : c.active ? 'active' : 'expired') },
          {
            header: t('Actions'),
            cell: (c) => (
              <>
                <a href={`/api/consents/${c.id}/fhir`}>{t('FHIR')}</a>{' '}
                {c.active && (
                  <button type="button" onClick={() => void revoke(c)}>
                    {t('Revoke')}
                  </button>
                )}
              </>
            ),
          },
        ]}
      />
      <form onSubmit={submit} aria-label={t('Record a consent')} className="composer">
        <h2>{t('Record a consent')}</h2>
        {!self && (
          <>
            <label htmlFor="c-patient">{t('Patient account (leave empty for someone without one)')}</label>
            <select id="c-patient" value={form.patientId} onChange={(e) => setForm({ ...form, patientId: e.target.value })}>
              <option value="">{t('No account: name them below')}</option>
              {patients.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            <label htmlFor="c-name">
              {t('Full name of the person covered')}
              {form.patientId ? t(' (if different from the account)') : ''}
            </label>
            <input id="c-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required={!form.patientId} />
            <label htmlFor="c-aliases">{t('Other names they go by (comma-separated)')}</label>
            <input id="c-aliases" value={form.aliases} onChange={(e) => setForm({ ...form, aliases: e.target.value })} />
            <div className="row">
              <label htmlFor="c-dob">{t('Date of birth (optional)')}</label>
              <input id="c-dob" type="date" value={form.birthDate} onChange={(e) => setForm({ ...form, birthDate: e.target.value })} />
              <label htmlFor="c-contact">{t('Contact (optional)')}</label>
              <input id="c-contact" value={form.contact} onChange={(e) => setForm({ ...form, contact: e.target.value })} />
            </div>
            <label htmlFor="c-method">{t('How they signed (you are recorded as the witness)')}</label>
            <select id="c-method" value={form.method} onChange={(e) => setForm({ ...form, method: e.target.value })}>
              <option value="signed_form">{t('Signed paper or PDF form')}</option>
              <option value="typed_signature">{t('Typed e-signature')}</option>
            </select>
            {form.method === 'typed_signature' && (
              <>
                <label htmlFor="c-signed">{t('Name as they typed it')}</label>
                <input id="c-signed" value={form.signedName} onChange={(e) => setForm({ ...form, signedName: e.target.value })} required />
              </>
            )}
          </>
        )}
        <label htmlFor="c-purpose">{t('What may be shared, and why')}</label>
        <input id="c-purpose" value={form.purpose} onChange={(e) => setForm({ ...form, purpose: e.target.value })} required minLength={5} />
        <fieldset>
          <legend>{t('Where')}</legend>
          {DESTINATIONS.map((d) => (
            <label key={d} className="inline">
              <input
                type="checkbox"
                checked={form.destinations.includes(d)}
                onChange={() => setForm({ ...form, destinations: toggle(form.destinations, d) })}
              />{' '}
              {d}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('Identifiers')}</legend>
          {CONSENT_CATEGORIES.map((c) => (
            <label key={c} className="inline">
              <input
                type="checkbox"
                checked={form.categories.includes(c)}
                onChange={() => setForm({ ...form, categories: toggle(form.categories, c) })}
              />{' '}
              {CATEGORY_LABELS[c] ?? c}
            </label>
          ))}
        </fieldset>
        <label htmlFor="c-days">{t('Valid for (days)')}</label>
        <input
          id="c-days"
          type="number"
          min={1}
          max={3650}
          value={form.days}
          onChange={(e) => setForm({ ...form, days: Number(e.target.value) })}
        />
        <PhiConfirm confirm={confirm} action={t('Record anyway')} />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit">{t('Record consent')}</button>
      </form>
    </section>
  );
}

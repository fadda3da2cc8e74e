import { t } from '../i18n/index.ts'; /** From and To date inputs, the same on every filter form. */
export function DateRange({ from, to, onChange }: { from: string; to: string; onChange: (range: { from: string; to: string }) => void }) {
  return (
    <>
      <label>
        {t('From')} <input type="date" value={from} onChange={(e) => onChange({ from: e.target.value, to })} />
      </label>
      <label>
        {t('To')} <input type="date" value={to} onChange={(e) => onChange({ from, to: e.target.value })} />
      </label>
    </>
  );
}

/** A range of whole local days as the API takes it: from the start of `from` to the end of `to` (exclusive instants). */
export function dayRange(from: string, to: string): { from?: string; to?: string } {
  return {
    ...(from ? { from: new Date(`${from}T00:00`).toISOString() } : {}),
    ...(to ? { to: new Date(new Date(`${to}T00:00`).getTime() + 86_400_000).toISOString() } : {}),
  };
}

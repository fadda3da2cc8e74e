/**
 * A `date` column as YYYY-MM-DD. node-postgres reads a date as local midnight (so the local parts are the
 * date, whatever the server's zone); PGlite may hand back the text itself.
 */
export function dateOnly(d: Date | string | null): string | null {
  if (!d) return null;
  if (typeof d === 'string') return d.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
